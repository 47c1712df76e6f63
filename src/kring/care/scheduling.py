"""Creating and moving sessions without double bookings.

`schedule_session` and `move_session` lock the room and both facilitators (SELECT ... FOR
UPDATE on PostgreSQL; SQLite runs IMMEDIATE transactions, which serialise writers), check that
no other session overlaps in that room or with those people, and only then write. On
PostgreSQL exclusion constraints refuse an overlap even if some other code path skips this
module; their error comes back as the same `SessionConflict`.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kring.care.interpreters import interpreter_problem
from kring.care.models import Group, Session
from kring.organisations.models import Daypart, Person, Room
from kring.organisations.validators import WEEKDAYS


class SessionConflict(ValidationError):
    """The session would overlap another session in the same room or with the same person."""


def local_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def session_times(day: dt.date, daypart: Daypart) -> tuple[dt.datetime, dt.datetime]:
    """Aware start and end (in UTC) of `daypart` on local date `day`: 19:00 stays 19:00 local
    in winter and summer. Raises ValidationError for a wall-clock time that does not exist
    or happens twice."""
    zone = local_timezone()
    times = []
    for wall in (daypart.start, daypart.end):
        local = dt.datetime.combine(day, wall, tzinfo=zone)
        utc = local.astimezone(dt.UTC)
        if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
            raise ValidationError(
                _("%(time)s does not exist on %(date)s (daylight saving time)."),
                code="nonexistent_time",
                params={"time": f"{wall:%H:%M}", "date": f"{day:%d-%m-%Y}"},
            )
        if local.replace(fold=1).utcoffset() != local.utcoffset():
            raise ValidationError(
                _("%(time)s happens twice on %(date)s (daylight saving time)."),
                code="ambiguous_time",
                params={"time": f"{wall:%H:%M}", "date": f"{day:%d-%m-%Y}"},
            )
        times.append(utc)
    return times[0], times[1]


def _overlapping(starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk: int | None):
    sessions = Session.objects.exclude(status=Session.Status.CANCELLED).filter(
        starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return sessions.exclude(pk=exclude_pk) if exclude_pk else sessions


def find_conflicts(
    *, room: Room, lead: Person, co: Person, starts_at: dt.datetime, ends_at: dt.datetime, exclude_pk=None
) -> list[str]:
    """Messages for every session that would clash with this one (empty: no clash). The
    room also keeps its organisation's buffer between two sessions."""
    problems: list[str] = []
    buffer = dt.timedelta(minutes=room.location.organisation.room_buffer_minutes)
    in_room = _overlapping(starts_at - buffer, ends_at + buffer, exclude_pk).filter(room=room)
    for other in in_room.select_related("group"):
        problems.append(
            str(_("%(room)s is booked for %(group)s from %(start)s to %(end)s."))
            % {"room": room.name, "group": other.group.name, **_local_span(other)}
        )
    people = {lead.pk: lead, co.pk: co}
    clashes = _overlapping(starts_at, ends_at, exclude_pk).filter(Q(lead__in=people) | Q(co__in=people))
    for other in clashes.select_related("group"):
        for person_id in {other.lead_id, other.co_id} & set(people):
            problems.append(
                str(_("%(person)s is in %(group)s from %(start)s to %(end)s."))
                % {"person": people[person_id], "group": other.group.name, **_local_span(other)}
            )
    return problems


def _local_span(session: Session) -> dict[str, str]:
    zone = local_timezone()
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    return {"start": f"{start:%d-%m-%Y %H:%M}", "end": f"{end:%H:%M}"}


def _lock(room: Room, lead: Person, co: Person) -> None:
    # `of=("self",)`: the default ordering joins location and organisation, which must not be locked.
    Room.objects.select_for_update(of=("self",)).filter(pk=room.pk).first()
    # Always lock people in id order, so two bookings never wait for each other in a circle.
    list(Person.objects.select_for_update().filter(pk__in=[lead.pk, co.pk]).order_by("pk"))


def _save_checked(session: Session) -> Session:
    session.full_clean()
    problems = find_conflicts(
        room=session.room,
        lead=session.lead,
        co=session.co,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        exclude_pk=session.pk,
    )
    if problems:
        raise SessionConflict(problems, code="session_conflict")
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as error:
        # PostgreSQL's exclusion constraint caught an overlap another transaction just made.
        if "overlap" in str(error):
            raise SessionConflict(
                _("Another booking was made at the same time; reload and try again."), code="session_conflict"
            ) from error
        raise
    return session


def schedule_session(
    group: Group,
    *,
    number: int,
    date: dt.date,
    room: Room,
    lead: Person | None = None,
    co: Person | None = None,
    daypart: Daypart | None = None,
) -> Session:
    """Create session `number` of `group` on local `date` at the group's daypart (or
    `daypart`), with the group's facilitators unless others are given."""
    lead = lead or group.lead
    co = co or group.co
    starts_at, ends_at = session_times(date, daypart or group.daypart)
    with transaction.atomic():
        _lock(room, lead, co)
        session = Session(
            group=group,
            number=number,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            room=room,
            lead=lead,
            co=co,
        )
        return _save_checked(session)


def move_session(
    session: Session,
    *,
    date: dt.date | None = None,
    room: Room | None = None,
    lead: Person | None = None,
    co: Person | None = None,
    daypart: Daypart | None = None,
) -> Session:
    """Move a session to another date, daypart or room, or swap its facilitators."""
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("group__daypart").get(pk=session.pk)
        new_room, new_lead, new_co = room or session.room, lead or session.lead, co or session.co
        _lock(new_room, new_lead, new_co)
        session.date = date or session.date
        if date is not None or daypart is not None:
            session.starts_at, session.ends_at = session_times(session.date, daypart or session.group.daypart)
        session.room, session.lead, session.co = new_room, new_lead, new_co
        return _save_checked(session)


def cancel_session(session: Session) -> Session:
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status"])
    return session


def session_warnings(session: Session) -> list[str]:
    """Things a coordinator should know about a session that do not forbid it: not the
    group's weekday, a closed room, an absent or unavailable facilitator, too few seats."""
    warnings: list[str] = []
    group = session.group
    weekday = WEEKDAYS[session.date.weekday()]
    if weekday != group.weekday:
        warnings.append(str(_("This is not the group's usual weekday.")))
    if session.room.location_id != group.location_id:
        warnings.append(str(_("This room is at another location than the group's.")))
    if session.room.is_closed_on(session.date):
        warnings.append(str(_("The room is closed on this date.")))
    if not session.room.is_available(weekday, group.daypart.code):
        warnings.append(str(_("The room is not available at this time.")))
    for person in (session.lead, session.co):
        if person.is_absent_on(session.date):
            warnings.append(str(_("%(person)s is absent on this date.")) % {"person": person})
        elif not person.is_available(weekday, group.daypart.code):
            warnings.append(str(_("%(person)s is not usually available at this time.")) % {"person": person})
    if problem := interpreter_problem(
        session.lead, session.co, group.language, group.programme.code, session.date
    ):
        warnings.append(problem)
    seats = _seats_needed(session)
    if seats > session.room.capacity_seats:
        warnings.append(
            str(_("The room has %(capacity)s seats; this session needs %(seats)s."))
            % {"capacity": session.room.capacity_seats, "seats": seats}
        )
    return warnings


def _seats_needed(session: Session) -> int:
    plan = session.group.programme.sessions.filter(number=session.number).first()
    per_member = plan.seats_per_member if plan else 1
    return per_member * session.group.active_enrolments().count() + 2
