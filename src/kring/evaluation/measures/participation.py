"""Attendance measures: per participant, sessions of her counted groups she came to."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from kring.evaluation.measures.base import ParticipantCondition
from kring.evaluation.measures.filters import MeasureFilter
from kring.records.models import Attendance

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def _attendance_count(f: MeasureFilter, only: Q) -> Coalesce:
    rows = (
        Attendance.objects.filter(only, client=OuterRef("pk"), session__group__in=f.groups().values("pk"))
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1], output_field=IntegerField()), Value(0))


def _annotations(f: MeasureFilter) -> dict[str, object]:
    return {
        "sessions_recorded": _attendance_count(f, Q()),
        "sessions_attended": _attendance_count(f, Q(status__in=ATTENDED)),
        "sessions_with_partner": _attendance_count(f, Q(status__in=ATTENDED, partner_present=True)),
    }


def attendance(f: MeasureFilter) -> ParticipantCondition:
    """Attendance: of the participants whose attendance was recorded for at least one session,
    the share who came (present or late) to at least 5 sessions; the mean is the number of
    sessions she came to (of 10 in CZ). A participant with no attendance recorded is missing."""
    return ParticipantCondition(
        population=Q(),
        known=Q(sessions_recorded__gt=0),
        yes=Q(sessions_attended__gte=5),
        annotations=_annotations(f),
        mean_of="sessions_attended",
    )


def partner_attendance(f: MeasureFilter) -> ParticipantCondition:
    """Partner attendance: of the participants with attendance recorded, the share whose
    partner came along to at least one session she attended. No attendance recorded: missing."""
    return ParticipantCondition(
        population=Q(),
        known=Q(sessions_recorded__gt=0),
        yes=Q(sessions_with_partner__gt=0),
        annotations=_annotations(f),
        mean_of="sessions_with_partner",
    )
