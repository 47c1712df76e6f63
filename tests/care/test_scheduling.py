"""Sessions: local times across daylight saving, and no double bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from kring.care.models import Session
from kring.care.scheduling import SessionConflict, move_session, schedule_session, session_times
from kring.organisations.models import Daypart, Role
from tests.factories import GroupFactory, PersonFactory, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraints exist on PostgreSQL only"
)

TUESDAY = dt.date(2027, 3, 2)


def evening(practice) -> Daypart:
    return practice.organisation.dayparts.get(code="evening")


def test_evening_is_19_00_local_in_winter_and_summer(practice):
    winter = session_times(dt.date(2027, 1, 12), evening(practice))
    summer = session_times(dt.date(2027, 7, 13), evening(practice))
    assert winter[0] == dt.datetime(2027, 1, 12, 18, 0, tzinfo=dt.UTC)
    assert summer[0] == dt.datetime(2027, 7, 13, 17, 0, tzinfo=dt.UTC)
    assert winter[1] - winter[0] == dt.timedelta(hours=2)


@pytest.mark.parametrize("day", [dt.date(2027, 3, 28), dt.date(2027, 10, 31)])
def test_dst_switch_days_keep_the_wall_clock_times(practice, day):
    start, end = session_times(day, evening(practice))
    assert end - start == dt.timedelta(hours=2)


def test_a_time_that_does_not_exist_is_refused(practice):
    night = Daypart(
        organisation=practice.organisation, code="n", name="N", start=dt.time(2, 30), end=dt.time(3, 30)
    )
    with pytest.raises(ValidationError) as excinfo:
        session_times(dt.date(2027, 3, 28), night)
    assert excinfo.value.code == "nonexistent_time"


def test_schedule_session_uses_the_group_daypart_and_facilitators(practice):
    session = schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    assert (session.lead, session.co) == (practice.lead, practice.co)
    assert session.starts_at == dt.datetime(2027, 3, 2, 18, 0, tzinfo=dt.UTC)


def test_double_booking_a_room_is_a_conflict_and_saves_nothing(practice):
    schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    with pytest.raises(SessionConflict) as excinfo:
        schedule_session(other, number=1, date=TUESDAY, room=practice.room)
    assert practice.room.name in excinfo.value.messages[0]
    assert not other.sessions.exists()


def test_room_buffer_between_sessions_is_kept(practice):
    practice.organisation.room_buffer_minutes = 30
    practice.organisation.save()
    afternoon = practice.organisation.dayparts.get(code="afternoon")
    afternoon.end = dt.time(18, 45)
    afternoon.save()
    schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    other = GroupFactory(organisation=practice.organisation, location=practice.location, daypart=afternoon)
    with pytest.raises(SessionConflict):
        schedule_session(other, number=1, date=TUESDAY, room=practice.room)


def test_same_facilitator_in_two_rooms_at_once_is_a_conflict(practice):
    schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    other = GroupFactory(organisation=practice.organisation, location=practice.location, co=practice.lead)
    with pytest.raises(SessionConflict) as excinfo:
        schedule_session(other, number=1, date=TUESDAY, room=RoomFactory(location=practice.location))
    assert str(practice.lead) in excinfo.value.messages[0]


def test_cancelled_sessions_do_not_block(practice):
    first = schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    first.status = Session.Status.CANCELLED
    first.save()
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    assert schedule_session(other, number=1, date=TUESDAY, room=practice.room).pk


def test_move_session_to_a_free_slot_and_not_onto_another(practice):
    session = schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    blocker = schedule_session(
        practice.group, number=3, date=TUESDAY + dt.timedelta(days=14), room=practice.room
    )
    moved = move_session(session, date=TUESDAY + dt.timedelta(days=7))
    assert moved.date == TUESDAY + dt.timedelta(days=7)
    assert moved.starts_at == dt.datetime(2027, 3, 9, 18, 0, tzinfo=dt.UTC)
    with pytest.raises(SessionConflict):
        move_session(moved, date=blocker.date)
    moved.refresh_from_db()
    assert moved.date == TUESDAY + dt.timedelta(days=7)


def test_swap_facilitator(practice):
    session = schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room)
    substitute = PersonFactory(organisation=practice.organisation, roles=[Role.Kind.CZ_LEAD])
    assert move_session(session, lead=substitute).lead == substitute


def test_lead_and_co_must_differ(practice):
    with pytest.raises(ValidationError):
        schedule_session(practice.group, number=2, date=TUESDAY, room=practice.room, co=practice.lead)


def test_session_number_is_unique_per_group(practice):
    with pytest.raises(ValidationError):
        schedule_session(practice.group, number=1, date=TUESDAY, room=practice.room)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(group=practice.group, number=1, room=practice.room, date=TUESDAY)


def test_start_before_end_is_a_database_rule(practice):
    session = practice.session
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(ends_at=session.starts_at)


def test_room_of_another_organisation_is_refused(practice, outsider):
    with pytest.raises(ValidationError):
        schedule_session(practice.group, number=2, date=TUESDAY, room=RoomFactory())


@postgresql_only
def test_postgresql_refuses_two_sessions_in_one_room_at_once(practice):
    SessionFactory(group=practice.group, number=2, room=practice.room, date=TUESDAY)
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    with pytest.raises(IntegrityError, match="session_no_room_overlap"), transaction.atomic():
        SessionFactory(group=other, number=1, room=practice.room, date=TUESDAY)


@postgresql_only
def test_postgresql_refuses_one_lead_in_two_sessions_at_once(practice):
    SessionFactory(group=practice.group, number=2, room=practice.room, date=TUESDAY)
    other = GroupFactory(organisation=practice.organisation, location=practice.location, lead=practice.lead)
    with pytest.raises(IntegrityError, match="session_no_person_overlap"), transaction.atomic():
        SessionFactory(group=other, number=1, room=RoomFactory(location=practice.location), date=TUESDAY)


@postgresql_only
def test_postgresql_allows_back_to_back_sessions_in_one_room(practice):
    SessionFactory(group=practice.group, number=2, room=practice.room, date=TUESDAY)
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    start = Session.objects.get(group=practice.group, number=2).ends_at
    Session.objects.create(
        group=other,
        number=1,
        date=TUESDAY,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        room=practice.room,
        lead=other.lead,
        co=other.co,
    )


@postgresql_only
def test_postgresql_constraint_error_comes_back_as_a_conflict(practice, monkeypatch):
    """When the row-lock check is bypassed (as by a concurrent writer), the constraint still holds."""
    from kring.care import scheduling

    SessionFactory(group=practice.group, number=2, room=practice.room, date=TUESDAY)
    other = GroupFactory(organisation=practice.organisation, location=practice.location)
    monkeypatch.setattr(scheduling, "find_conflicts", lambda **kwargs: [])
    with pytest.raises(SessionConflict):
        schedule_session(other, number=1, date=TUESDAY, room=practice.room)


def test_a_time_that_happens_twice_is_refused(practice):
    night = Daypart(
        organisation=practice.organisation, code="n", name="N", start=dt.time(2, 30), end=dt.time(3, 30)
    )
    with pytest.raises(ValidationError) as excinfo:
        session_times(dt.date(2027, 10, 31), night)
    assert excinfo.value.code == "ambiguous_time"
    # the same daypart on an ordinary day is fine
    start, _end = session_times(dt.date(2027, 11, 7), night)
    assert start == dt.datetime(2027, 11, 7, 1, 30, tzinfo=dt.UTC)


@postgresql_only
def test_postgresql_refuses_a_lead_who_is_co_elsewhere_at_the_same_time(practice):
    SessionFactory(group=practice.group, number=2, room=practice.room, date=TUESDAY)
    other = GroupFactory(organisation=practice.organisation, location=practice.location, co=practice.lead)
    with pytest.raises(IntegrityError, match="session_no_person_overlap"), transaction.atomic():
        SessionFactory(group=other, number=1, room=RoomFactory(location=practice.location), date=TUESDAY)
