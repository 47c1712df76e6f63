"""The dashboard's rows: each measure's tally beside its goal and the individual-care reference,
and the same rows as CSV cells. All figures come from `kring.evaluation.measures`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kring.evaluation.goals import goals_for
from kring.evaluation.measures import MEASURES, Measure, MeasureFilter, Tally, tally_all


@dataclass(frozen=True)
class DashboardRow:
    measure: Measure
    tally: Tally
    goal: Decimal | None

    @property
    def value(self) -> Decimal | None:
        """The headline: the percent of known answers, or the mean."""
        return self.tally.mean if self.measure.headline == "mean" else self.tally.percent

    @property
    def scale(self) -> int:
        """The chart's full width: 100 for percents, 10 for a grade or sessions."""
        return 100 if self.measure.headline == "percent" else 10

    @property
    def goal_met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.value >= self.goal if self.measure.higher_is_better else self.value <= self.goal

    @property
    def reference(self) -> int | None:
        return self.measure.reference.percent if self.measure.reference else None


def dashboard_rows(f: MeasureFilter) -> list[DashboardRow]:
    assert f.organisation is not None
    goals = goals_for(f.organisation, f.end)
    tallies = tally_all(f)
    return [DashboardRow(measure, tallies[measure.code], goals.get(measure.code)) for measure in MEASURES]


def csv_header() -> list[str]:
    return [
        _("Measure"),
        _("Code"),
        _("Yes"),
        _("Known"),
        _("Missing"),
        _("Percent"),
        _("Mean"),
        _("Goal"),
        _("Individual care (reference)"),
        _("Source"),
        _("Definition"),
    ]


def csv_rows(rows: list[DashboardRow]) -> list[list[object]]:
    def number(value: Decimal | int | None) -> str:
        return "" if value is None else str(value).replace(".", ",")  # Dutch Excel reads a comma

    return [
        [
            str(row.measure.label),
            row.measure.code,
            row.tally.numerator,
            row.tally.denominator,
            row.tally.missing,
            number(row.tally.percent),
            number(row.tally.mean),
            number(row.goal),
            number(row.reference),
            str(row.measure.reference.source) if row.measure.reference else "",
            row.measure.definition,
        ]
        for row in rows
    ]
