"""The figures of the national view page and its CSV, for one year."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kring.reports import group_management
from kring.reports.national import (
    NationalTable,
    Share,
    jgz_offering_co,
    opted_in_organisations,
    practices_with_trained_provider,
    suppressed_table,
)
from kring.reports.suppression import DEFAULT_THRESHOLD

YEARS_SHOWN = 3


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    denominator: int | None  # None: hidden
    percent: int | None  # None: hidden
    reference: str = ""


@dataclass
class NationalFigures:
    year: int
    organisations: int
    practices: Share
    jgz: Share
    participants_total: int | None
    tables: list[NationalTable] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)


def shown_share(part: int, whole: int, threshold: int = DEFAULT_THRESHOLD) -> tuple[int | None, int | None]:
    """(known, percent) of an outcome, each None when hidden: when fewer than `threshold`
    people are known, or when those with (or without) the outcome are 1 to threshold-1."""
    if whole < threshold:
        return None, None
    if 0 < part < threshold or 0 < whole - part < threshold:
        return whole, None
    return whole, round(100 * part / whole)


def participants_table(year: int) -> NationalTable:
    """Participants per organisation (rows) and year (columns), suppressed."""
    organisations = list(opted_in_organisations())
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    found = group_management.participants_by_organisation_and_year([org.pk for org in organisations], years)
    counts = [[found.get((org.pk, y), 0) for y in years] for org in organisations]
    if not counts:
        counts = [[0] * len(years)]
        labels = [_("(no organisation shares its figures)")]
    else:
        labels = [org.name for org in organisations]
    return suppressed_table(
        _("Participants per organisation and year"), [*labels, _("Total")], [str(y) for y in years], counts
    )


def national_figures(year: int) -> NationalFigures:
    participants = participants_table(year)
    total_row = participants.table.published()[-1]
    return NationalFigures(
        year=year,
        organisations=opted_in_organisations().count(),
        practices=practices_with_trained_provider(year),
        jgz=jgz_offering_co(year),
        participants_total=total_row[-2],  # this year's column total (the last year column)
        tables=[participants],
        outcomes=[],
    )


def _cell(value: int | None) -> str:
    return "x" if value is None else str(value)


def national_csv_rows(figures: NationalFigures) -> tuple[list[str], list[list[str]]]:
    """One long table: section, row, column, value ("x" = hidden)."""
    header = [_("Part"), _("Row"), _("Column"), _("Value")]
    rows: list[list[str]] = []
    ks = _("Kansrijke Start")
    practices = _("Midwifery practices with at least one trained provider")
    jgz = _("JGZ organisations offering CenteringOuderschap")
    rows.append([ks, practices, _("count"), str(figures.practices.part)])
    rows.append([ks, practices, _("of"), str(figures.practices.whole)])
    rows.append([ks, jgz, _("count"), str(figures.jgz.part)])
    rows.append([ks, jgz, _("of"), str(figures.jgz.whole)])
    for table in figures.tables:
        columns = [*table.column_labels, _("Total")]
        for label, cells in table.rows():
            for column, cell in zip(columns, cells, strict=True):
                rows.append([table.title, label, column, _cell(cell)])
    for outcome in figures.outcomes:
        rows.append([_("Outcomes"), outcome.label, _("known"), _cell(outcome.denominator)])
        rows.append([_("Outcomes"), outcome.label, _("share (%)"), _cell(outcome.percent)])
    return header, rows
