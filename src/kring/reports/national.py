"""The national view for Stichting Centering Nederland: aggregates over the organisations that
opted in (NationalOptIn), never a client and never a count under the threshold.

Each indicator is one function with its definition. Counts of people pass through
`kring.reports.suppression` before anyone sees them; counts of organisations are not about
people and are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from kring.care.models import Group, Session
from kring.organisations.models import Organisation, ProgrammeCode, Training
from kring.reports.periods import year_bounds
from kring.reports.suppression import DEFAULT_THRESHOLD, SuppressedTable, suppress


def opted_in_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(national_opt_in__isnull=False).order_by("name", "pk")


@dataclass(frozen=True)
class Share:
    """`part` of `whole` organisations."""

    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


def practices_with_trained_provider(year: int) -> Share:
    """Opted-in midwifery practices with at least one active person whose CZ training was on or
    before the last day of the year (the Kansrijke Start indicator)."""
    _first, last = year_bounds(year)
    trained = Training.objects.filter(
        person__organisation=OuterRef("pk"),
        person__is_active=True,
        programme=ProgrammeCode.CZ,
        trained_on__lte=last,
    )
    practices = opted_in_organisations().filter(kind=Organisation.Kind.MIDWIFERY_PRACTICE)
    return Share(part=practices.filter(Exists(trained)).count(), whole=practices.count())


def jgz_offering_co(year: int) -> Share:
    """Opted-in JGZ organisations with a CO group (not cancelled) that has a session in the
    year that was not cancelled."""
    first, last = year_bounds(year)
    sessions = (
        Session.objects.filter(
            group__organisation=OuterRef("pk"),
            group__programme__code=ProgrammeCode.CO,
            date__range=(first, last),
        )
        .exclude(status=Session.Status.CANCELLED)
        .exclude(group__status=Group.Status.CANCELLED)
    )
    jgz = opted_in_organisations().filter(kind=Organisation.Kind.JGZ)
    return Share(part=jgz.filter(Exists(sessions)).count(), whole=jgz.count())


@dataclass(frozen=True)
class NationalTable:
    """A table of counts of people, suppressed: row labels, column labels, the suppressed grid
    (with its totals row and column)."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    table: SuppressedTable

    def rows(self) -> list[tuple[str, list[int | None]]]:
        published = self.table.published()
        return list(zip(self.row_labels, published, strict=True))


def suppressed_table(
    title: str, row_labels: list[str], column_labels: list[str], counts: list[list[int]]
) -> NationalTable:
    return NationalTable(
        title=title,
        row_labels=row_labels,
        column_labels=column_labels,
        table=suppress(counts, DEFAULT_THRESHOLD),
    )
