"""Evaluation data for the demo organisations, so every chart has something to show:
goals, seeded rates, hand ticks on the checklist, essential-elements self-checks and
attendance for past sessions, satisfaction answers after finished groups and a staff survey.
`load_demo` calls this; running it again changes nothing (everything is get-or-create and
sessions that already have records are left alone)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from kring.care.models import Enrolment, Session
from kring.evaluation.costs import ensure_default_rates
from kring.evaluation.models import (
    ChecklistTick,
    MeasureGoal,
    SatisfactionResponse,
    StaffSurvey,
    StaffSurveyAnswer,
)
from kring.evaluation.surveys import survey_group
from kring.organisations.models import Organisation
from kring.records import checklists
from kring.records.models import Attendance, FidelitySelfCheck

GOALS = {
    "attendance": Decimal("80"),
    "partner_attendance": Decimal("50"),
    "breastfeeding_start": Decimal("85"),
    "smoking_36_weeks": Decimal("5"),
    "pain_relief": Decimal("40"),
    "satisfaction": Decimal("8"),
}
STAFF_ANSWERS = 4


def add_evaluation_demo(slugs: list[str], today: dt.date, seed: int) -> None:
    for offset, organisation in enumerate(Organisation.objects.filter(slug__in=slugs).order_by("slug")):
        _add(organisation, today, random.Random(seed + offset))


def _add(organisation: Organisation, today: dt.date, rng: random.Random) -> None:
    ensure_default_rates(organisation)
    for code, target in GOALS.items():
        MeasureGoal.objects.get_or_create(
            organisation=organisation,
            measure=code,
            valid_from=dt.date(today.year - 1, 1, 1),
            defaults={"target": target},
        )
    ChecklistTick.objects.get_or_create(
        organisation=organisation, item="admin_support", defaults={"done": True}
    )
    _past_sessions(organisation, today, rng)
    _satisfaction(organisation, rng)
    _staff_survey(organisation, today.year, rng)


def _past_sessions(organisation: Organisation, today: dt.date, rng: random.Random) -> None:
    """Attendance and a self-check by the lead for every past session that has neither yet."""
    checklist = checklists.load()
    sessions = (
        Session.objects.filter(group__organisation=organisation, date__lt=today)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("group", "lead__user", "co__user")
        .order_by("date")
    )
    members: dict[int, list[int]] = {}
    for enrolment in Enrolment.objects.filter(group__organisation=organisation).values(
        "group_id", "client_id"
    ):
        members.setdefault(enrolment["group_id"], []).append(enrolment["client_id"])
    for session in sessions:
        filler = session.lead.user or session.co.user
        if filler is None:
            continue
        if not session.attendances.exists():
            for client_id in members.get(session.group_id, []):
                came = rng.random() < 0.85
                Attendance.objects.create(
                    session=session,
                    client_id=client_id,
                    status=Attendance.Status.PRESENT if came else Attendance.Status.ABSENT,
                    partner_present=came and rng.random() < 0.4,
                    recorded_by=filler,
                )
        if not session.fidelity_checks.exists():
            scores = {item.code: rng.choices((2, 1, 0), weights=(8, 2, 0.3))[0] for item in checklist.items}
            FidelitySelfCheck.objects.create(
                session=session,
                checklist_version=checklist.version,
                scores=scores,
                total=sum(scores.values()),
                max_total=checklist.max_total,
                filled_by=filler,
            )


def _satisfaction(organisation: Organisation, rng: random.Random) -> None:
    clients = {
        e.client for e in Enrolment.objects.filter(group__organisation=organisation).select_related("client")
    }
    for client in sorted(clients, key=lambda c: c.pk):
        group = survey_group(client)
        if group is None or rng.random() < 0.3:  # not everyone fills it in
            continue
        SatisfactionResponse.objects.get_or_create(
            client=client,
            group=group,
            defaults={
                "grade": rng.choice((7, 8, 8, 9, 9, 10)),
                "felt_prepared": rng.choice((2, 3, 3)),
                "learned_from_others": rng.choice((2, 3, 3)),
                "enough_time_with_midwife": rng.choice((1, 2, 3, 3)),
                "would_recommend": rng.choice((3, 3, 3, 2)),
            },
        )


def _staff_survey(organisation: Organisation, year: int, rng: random.Random) -> None:
    survey, created = StaffSurvey.objects.get_or_create(organisation=organisation, year=year - 1)
    if not created:
        return
    checklist = checklists.load()
    for _answer in range(STAFF_ANSWERS):
        StaffSurveyAnswer.objects.create(
            survey=survey,
            checklist_version=checklist.version,
            scores={item.code: rng.choices((2, 1, 0), weights=(7, 3, 0.5))[0] for item in checklist.items},
            feels_supported=rng.choice((3, 4, 4, 5)),
            enough_time=rng.choice((2, 3, 3, 4)),
        )
