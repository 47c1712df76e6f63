"""The participant's satisfaction survey and the facilitators' yearly staff survey.

A participant may answer once per group (answering again replaces her answer) once the last
planned session of that group has been dated today or earlier. Staff answers are anonymous:
the answer has no author; a separate row only says that the person answered that year. Staff
results are shown only as aggregates of at least `STAFF_MINIMUM` answers, so no single answer
can be read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from kring.care.models import Client, Group, Session
from kring.evaluation.models import (
    SatisfactionResponse,
    StaffSurvey,
    StaffSurveyAnswer,
    StaffSurveyParticipation,
)
from kring.organisations.models import Organisation, Person
from kring.records import checklists

STAFF_MINIMUM = 3


def survey_group(client: Client) -> Group | None:
    """Her newest group whose last session (not cancelled) is today or earlier, or None."""
    today = timezone.localdate()
    return (
        Group.objects.filter(enrolments__client=client)
        .exclude(status=Group.Status.CANCELLED)
        .annotate(last=Max("sessions__date", filter=~Q(sessions__status=Session.Status.CANCELLED)))
        .filter(last__lte=today)
        .order_by("-last")
        .first()
    )


class AlreadyAnswered(Exception):
    pass


def answer_staff_survey(
    person: Person, year: int, scores: dict[str, int], feels_supported: int, enough_time: int
) -> None:
    """Store one anonymous answer; raises AlreadyAnswered the second time in a year."""
    checklist = checklists.load()
    valid = checklist.validate_scores(scores)
    with transaction.atomic():
        survey, _created = StaffSurvey.objects.get_or_create(organisation=person.organisation, year=year)
        _row, created = StaffSurveyParticipation.objects.get_or_create(survey=survey, person=person)
        if not created:
            raise AlreadyAnswered
        StaffSurveyAnswer.objects.create(
            survey=survey,
            checklist_version=checklist.version,
            scores=valid,
            feels_supported=feels_supported,
            enough_time=enough_time,
        )


@dataclass(frozen=True)
class StaffResults:
    answers: int
    shown: bool
    elements: list[tuple[int, str, Decimal | None]]  # number, text, percent answering "usually"
    feels_supported: Decimal | None
    enough_time: Decimal | None


def staff_results(organisation: Organisation, year: int, language: str = "nl") -> StaffResults:
    """Aggregates of the year's answers; nothing at all below STAFF_MINIMUM answers."""
    items = checklists.load().items
    answers = StaffSurveyAnswer.objects.filter(survey__organisation=organisation, survey__year=year)
    aggregates: dict[str, object] = {
        "n": Count("pk"),
        "supported": Avg("feels_supported"),
        "time": Avg("enough_time"),
    }
    for item in items:
        aggregates[f"usually_{item.code}"] = Count("pk", filter=Q(**{f"scores__{item.code}": 2}))
    row = answers.aggregate(**aggregates)
    n = row["n"]
    if n < STAFF_MINIMUM:
        return StaffResults(n, False, [], None, None)

    def percent(count: int) -> Decimal:
        return (Decimal(100) * count / n).quantize(Decimal("0.1"))

    def mean(value) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))

    elements = [
        (item.number, item.text.get(language, item.text["en"]), percent(row[f"usually_{item.code}"]))
        for item in items
    ]
    return StaffResults(n, True, elements, mean(row["supported"]), mean(row["time"]))


EXPERIENCE_ITEMS = ("felt_prepared", "learned_from_others", "enough_time_with_midwife", "would_recommend")
AGREE = 3


@dataclass(frozen=True)
class ExperienceItem:
    label: str
    agree: int
    answers: int

    @property
    def percent(self) -> Decimal | None:
        return (Decimal(100) * self.agree / self.answers).quantize(Decimal("0.1")) if self.answers else None


def experience_summary(groups) -> list[ExperienceItem]:
    """Participants' experience: per survey item, how many of the answers (of participants in
    the counted `groups`) agree. One query."""
    aggregates: dict[str, object] = {"n": Count("pk")}
    for name in EXPERIENCE_ITEMS:
        aggregates[name] = Count("pk", filter=Q(**{name: AGREE}))
    row = SatisfactionResponse.objects.filter(group__in=groups).aggregate(**aggregates)
    fields = {f.name: f for f in SatisfactionResponse._meta.get_fields()}
    return [ExperienceItem(str(fields[name].verbose_name), row[name], row["n"]) for name in EXPERIENCE_ITEMS]
