"""The shape every measure returns, and the one counting routine participant measures share.

A participant measure is three conditions on `care.Client`: who is in its population, whose
answer is known, and whose known answer is "yes". Everything is counted by the database in one
query (per organisation at once for the national view), so the number of queries does not
grow with the data. Missing answers are counted as missing, never as "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Q

from kring.care.models import Client
from kring.evaluation.measures.filters import MeasureFilter


@dataclass(frozen=True)
class Tally:
    """numerator of denominator known answers; `missing` had no answer; `mean` for measures
    whose headline is an average (grade, sessions attended)."""

    numerator: int
    denominator: int
    missing: int
    mean: Decimal | None = None

    @property
    def population(self) -> int:
        return self.denominator + self.missing

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100) * self.numerator / self.denominator).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ParticipantCondition:
    population: Q
    known: Q
    yes: Q
    annotations: Mapping[str, object]
    mean_of: str | None = None


def _aggregates(condition: ParticipantCondition) -> dict[str, object]:
    aggregates: dict[str, object] = {
        "total": Count("pk"),
        "known": Count("pk", filter=condition.known),
        "yes": Count("pk", filter=condition.known & condition.yes),
    }
    if condition.mean_of:
        aggregates["mean"] = Avg(condition.mean_of, filter=condition.known)
    return aggregates


def _tally(row: Mapping[str, object]) -> Tally:
    mean = row.get("mean")
    total, known, yes = int(row["total"]), int(row["known"]), int(row["yes"])  # type: ignore[call-overload]
    return Tally(
        numerator=yes,
        denominator=known,
        missing=total - known,
        mean=None if mean is None else Decimal(str(mean)).quantize(Decimal("0.1")),
    )


def _participants(f: MeasureFilter, condition: ParticipantCondition):
    return (
        Client.objects.filter(pk__in=f.participant_ids())
        .filter(condition.population)
        .annotate(**condition.annotations)
    )


def count_participants(f: MeasureFilter, condition: ParticipantCondition) -> Tally:
    return _tally(_participants(f, condition).aggregate(**_aggregates(condition)))


def count_participants_by_organisation(f: MeasureFilter, condition: ParticipantCondition) -> dict[int, Tally]:
    """The same tally per organisation, in one query."""
    rows = _participants(f, condition).values("organisation_id").annotate(**_aggregates(condition)).order_by()
    return {row["organisation_id"]: _tally(row) for row in rows}
