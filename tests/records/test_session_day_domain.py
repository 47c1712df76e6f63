"""Session-day actions: attendance, topics, notes, referrals, closing and follow-ups."""

import datetime as dt

import pytest
from django.utils import timezone

from kring.care.models import Enrolment, Session
from kring.records.errors import RecordError
from kring.records.models import Attendance, FollowUp, Referral
from kring.records.services import session_day as sd


def test_members_are_the_groups_clients_on_the_day(world):
    assert set(sd.session_members(world.session)) == set(world.clients)


def test_member_who_left_before_the_session_is_not_listed(world):
    leaver = world.clients[2]
    Enrolment.objects.filter(client=leaver).update(
        status=Enrolment.Status.LEFT, left_on=world.session.date - dt.timedelta(days=1)
    )
    assert leaver not in sd.session_members(world.session)


def test_record_attendance_with_partner(world):
    attendance = sd.record_attendance(
        world.session, world.clients[0], "present", partner_present=True, by=world.midwife
    )
    assert attendance.attended and attendance.partner_present


def test_record_attendance_again_replaces_the_first(world):
    sd.record_attendance(world.session, world.clients[0], "present", by=world.midwife)
    sd.record_attendance(world.session, world.clients[0], "late", by=world.assistant)
    assert Attendance.objects.get(session=world.session, client=world.clients[0]).status == "late"
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize("status", ["", "maybe", "PRESENT"])
def test_record_attendance_refuses_unknown_status(world, status):
    with pytest.raises(RecordError) as error:
        sd.record_attendance(world.session, world.clients[0], status, by=world.midwife)
    assert error.value.code == "bad_status"
    assert not Attendance.objects.exists()


def test_partner_cannot_come_when_participant_is_absent(world):
    with pytest.raises(RecordError):
        sd.record_attendance(
            world.session, world.clients[0], "absent", partner_present=True, by=world.midwife
        )


def test_attendance_for_someone_outside_the_group_is_refused(world):
    with pytest.raises(RecordError) as error:
        sd.record_attendance(world.session, world.other_client, "present", by=world.midwife)
    assert error.value.code == "not_a_member"


def test_topics_from_the_programme_list(world):
    record = sd.record_topics(world.session, ["nutrition", "welcome", "welcome"], by=world.midwife)
    assert record.topics_covered == ["welcome", "nutrition"]  # in the programme's order, once


def test_unknown_topic_is_refused_and_nothing_saved(world):
    with pytest.raises(RecordError):
        sd.record_topics(world.session, ["welcome", "astrology"], by=world.midwife)
    assert sd.record_for(world.session).topics_covered == []


def test_private_note_empty_is_refused(world):
    with pytest.raises(RecordError):
        sd.add_private_note(world.session, world.clients[0], "   ", by=world.midwife)


def test_private_note_keeps_script_text_as_text(world):
    note = sd.add_private_note(world.session, world.clients[0], "<script>alert(1)</script>", by=world.midwife)
    assert note.text == "<script>alert(1)</script>"


def test_referral_does_not_end_membership(world):
    client = world.clients[1]
    referral = sd.refer_client(
        client, destination="obstetrician", reason="Hoge bloeddruk", session=world.session, by=world.midwife
    )
    assert referral.referred_on == timezone.localdate()
    assert Enrolment.objects.get(client=client).status == Enrolment.Status.ACTIVE
    assert client in sd.session_members(world.sessions[1])


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"destination": "astrologer", "reason": "x"}, "bad_destination"),
        ({"destination": "obstetrician", "reason": " "}, "reason_required"),
        (
            {
                "destination": "obstetrician",
                "reason": "x",
                "referred_on": dt.date.today() + dt.timedelta(days=9),
            },
            "future_date",
        ),
    ],
)
def test_bad_referral_is_refused(world, kwargs, code):
    with pytest.raises(RecordError) as error:
        sd.refer_client(world.clients[0], by=world.midwife, **kwargs)
    assert error.value.code == code
    assert not Referral.objects.exists()


def test_close_session_creates_follow_ups_for_missed_and_unmarked(world):
    a, b, c = world.clients
    sd.record_attendance(world.session, a, "present", by=world.midwife)
    sd.record_attendance(world.session, b, "excused", by=world.midwife)
    follow_ups = sd.close_session(world.session, by=world.midwife)
    assert {f.client for f in follow_ups} == {b, c}
    assert Attendance.objects.get(session=world.session, client=c).status == "absent"
    assert all(f.status == FollowUp.Status.OPEN for f in follow_ups)
    world.session.refresh_from_db()
    assert world.session.status == Session.Status.HELD
    assert sd.record_for(world.session).closed_by == world.midwife


def test_closed_session_refuses_changes_and_second_close(world):
    sd.close_session(world.session, by=world.midwife)
    with pytest.raises(RecordError) as error:
        sd.record_attendance(world.session, world.clients[0], "present", by=world.midwife)
    assert error.value.code == "session_closed"
    with pytest.raises(RecordError):
        sd.close_session(world.session, by=world.assistant)
    assert FollowUp.objects.count() == 3


def test_follow_up_planned_needs_a_time(world):
    follow_up = sd.close_session(world.session, by=world.midwife)[0]
    with pytest.raises(RecordError):
        sd.update_follow_up(follow_up, status="planned")
    when = timezone.now() + dt.timedelta(days=2)
    assert sd.update_follow_up(follow_up, status="planned", planned_for=when).planned_for == when


def test_members_are_sorted_by_the_name_they_go_by(world):
    assert [c.called_name or c.given_name for c in sd.session_members(world.session)] == [
        "Ayşe",
        "Mila",
        "Ngo",
    ]
