"""The participant's satisfaction grade."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from kring.evaluation.measures.base import ParticipantCondition
from kring.evaluation.measures.filters import MeasureFilter
from kring.evaluation.models import SatisfactionResponse

SATISFIED_FROM = 8


def satisfaction(f: MeasureFilter) -> ParticipantCondition:
    """Satisfaction: the grade (1-10) she gave in her own survey after the last session of a
    counted group (the newest if more than one), or else the grade a facilitator recorded in her
    outcome. The headline is the mean grade of those who gave one; the share is those grading 8
    or higher. No grade: missing."""
    survey = SatisfactionResponse.objects.filter(
        client=OuterRef("pk"), group__in=f.groups().values("pk")
    ).order_by("-submitted_at")
    return ParticipantCondition(
        population=Q(),
        known=Q(grade__isnull=False),
        yes=Q(grade__gte=SATISFIED_FROM),
        annotations={"grade": Coalesce(Subquery(survey.values("grade")[:1]), "outcome__satisfaction_grade")},
        mean_of="grade",
    )
