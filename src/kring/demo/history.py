"""The demo's past and present: what the groups already did before the day the demo is loaded.

A new user should find work waiting: a session today and later this week, held sessions with
attendance and measurements (so charts have points), follow-ups for those who missed one, and
a finished pregnancy group with births and outcomes. Everything goes through the records'
domain functions, so the demo obeys the same rules as the pages.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from kring.care.models import Group, Session
from kring.care.scheduling import session_times
from kring.records.measurements import Kind, MeasuredBy
from kring.records.models import Attendance
from kring.records.services import session_day as sd
from kring.records.services.measuring import record_measurements
from kring.records.services.outcomes import record_outcome, register_birth


def move_next_session_to(group: Group, day: dt.date, today: dt.date) -> Session | None:
    """Put the group's first session on or after `today` on `day`, when that keeps the
    sessions in order; returns the moved session (or None when it would not fit)."""
    upcoming = group.sessions.filter(date__gte=today).order_by("number").first()
    if upcoming is None:
        return None
    before = group.sessions.filter(number__lt=upcoming.number).order_by("-number").first()
    after = group.sessions.filter(number__gt=upcoming.number).order_by("number").first()
    if (before and before.date >= day) or (after and after.date <= day):
        return None
    starts_at, ends_at = session_times(day, group.daypart)
    Session.objects.filter(pk=upcoming.pk).update(date=day, starts_at=starts_at, ends_at=ends_at)
    upcoming.refresh_from_db()
    return upcoming


def _weight(rng: random.Random, base: float, weeks_since: int, per_week: float) -> Decimal:
    return Decimal(str(round(base + weeks_since * per_week + rng.uniform(-0.4, 0.4), 1)))


def fill_held_sessions(group: Group, rng: random.Random, *, by, severe_bp_in_last: bool = False) -> None:
    """Attendance, self-measurement and closing for every held session of the group."""
    held = list(group.sessions.filter(status=Session.Status.HELD).order_by("number"))
    members = [enrolment.client for enrolment in group.enrolments.select_related("client").order_by("pk")]
    lead_user = by
    start_weight = {client.pk: rng.uniform(58, 88) for client in members}
    baby_start = {client.pk: rng.uniform(3200, 4300) for client in members}
    for index, session in enumerate(held):
        # Re-open the session for the records (the generator marked it held already).
        Session.objects.filter(pk=session.pk).update(status=Session.Status.PLANNED)
        session.status = Session.Status.PLANNED
        for position, client in enumerate(members):
            roll = rng.random()
            status = Attendance.Status.PRESENT
            if roll > 0.93:
                status = Attendance.Status.ABSENT
            elif roll > 0.86:
                status = Attendance.Status.EXCUSED
            sd.record_attendance(session, client, status, partner_present=roll < 0.3, by=lead_user)
            if status != Attendance.Status.PRESENT:
                continue
            at = session.starts_at + dt.timedelta(minutes=10 + position * 3)
            if group.programme.code == "CO":
                age_days = (session.date - client.baby_birth_date).days
                values = {
                    Kind.BABY_WEIGHT: Decimal(
                        round(baby_start[client.pk] + 28 * age_days * rng.uniform(0.9, 1.1))
                    ),
                    Kind.BABY_LENGTH: Decimal(str(round(50 + age_days * 0.1 + rng.uniform(-1, 1), 1))),
                    Kind.HEAD_CIRCUMFERENCE: Decimal(
                        str(round(35 + age_days * 0.045 + rng.uniform(-0.5, 0.5), 1))
                    ),
                }
            else:
                last_member = position == len(members) - 1
                severe = severe_bp_in_last and index == len(held) - 1 and last_member
                values = {
                    Kind.SYSTOLIC: 164 if severe else rng.randint(102, 132),
                    Kind.DIASTOLIC: 112 if severe else rng.randint(62, 84),
                    Kind.WEIGHT: _weight(rng, start_weight[client.pk], index * 2, 0.45),
                }
            record_measurements(
                session, client, values, measured_by=MeasuredBy.PARTICIPANT.value, by=lead_user, at=at
            )
        sd.close_session(session, by=lead_user)


def register_births_and_outcomes(group: Group, rng: random.Random, today: dt.date, *, by) -> None:
    """Births (around the due date, never in the future) and outcome answers for a finished group."""
    lead_user = by
    for enrolment in group.enrolments.select_related("client"):
        client = enrolment.client
        born_on = min(client.due_date + dt.timedelta(days=rng.randint(-10, 7)), today)
        register_birth(
            client,
            born_on=born_on,
            birth_weight_g=rng.randint(2900, 4100),
            breastfeeding_started=rng.choice(["yes", "yes", "yes", "no"]),
            by=lead_user,
        )
        record_outcome(
            client,
            by=lead_user,
            satisfaction_grade=rng.randint(7, 10),
            smoking_at_intake=rng.choice(["no", "no", "no", "yes"]),
            smoking_at_36_weeks="no",
            referred_in_pregnancy=rng.choice(["no", "no", "yes"]),
        )
