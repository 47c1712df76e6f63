"""The figures of the national view page and its CSV, for one year."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from kring.evaluation import measures
from kring.evaluation.measures import MeasureFilter
from kring.evaluation.measures.base import ParticipantCondition, count_participants_by_organisation
from kring.reports.national import (
    NationalTable,
    Share,
    jgz_offering_co,
    opted_in_organisations,
    practices_with_trained_provider,
    suppressed_table,
)
from kring.reports.periods import year_bounds
from kring.reports.suppression import DEFAULT_THRESHOLD

YEARS_SHOWN = 3
# every participant counts, whatever her answers: the population of the measures
EVERY_PARTICIPANT = ParticipantCondition(population=Q(), known=Q(), yes=Q(), annotations={})


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    denominator: int | None  # None: hidden
    value: str | None  # the share in percent or the mean; None: hidden
    reference: str = ""


@dataclass
class NationalFigures:
    year: int
    organisations: int
    organisation_ids: tuple[int, ...]
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


def years_filter(year: int, organisation_ids: tuple[int, ...]) -> MeasureFilter:
    first, last = year_bounds(year)
    return MeasureFilter(start=first, end=last, organisations=organisation_ids)


def participants_table(year: int, organisations: list) -> NationalTable:
    """Participants (as the measures count them: in groups whose first session is in that
    year) per organisation (rows) and year (columns), suppressed. One query per year."""
    ids = tuple(org.pk for org in organisations)
    years = list(range(year - YEARS_SHOWN + 1, year + 1))
    per_year = {y: count_participants_by_organisation(years_filter(y, ids), EVERY_PARTICIPANT) for y in years}
    counts = [
        [per_year[y][org.pk].population if org.pk in per_year[y] else 0 for y in years]
        for org in organisations
    ]
    labels = [org.name for org in organisations]
    if not counts:
        counts = [[0] * len(years)]
        labels = [_("(no organisation shares its figures)")]
    return suppressed_table(
        _("Participants per organisation and year"), [*labels, _("Total")], [str(y) for y in years], counts
    )


def outcome_rows(year: int, organisation_ids: tuple[int, ...]) -> list[OutcomeRow]:
    """Every measure over all opted-in organisations together (one query per measure)."""
    f = years_filter(year, organisation_ids)
    rows = []
    for measure in measures.MEASURES:
        tally = measures.tally(measure.code, f)
        if measure.headline == "mean":
            known = tally.denominator if tally.denominator >= DEFAULT_THRESHOLD else None
            value = None if known is None or tally.mean is None else formats.number_format(tally.mean, 1)
        else:
            known, share = shown_share(tally.numerator, tally.denominator)
            value = None if share is None else f"{share} %"
        reference = ""
        if measure.reference is not None:
            reference = f"{measure.reference.percent} % ({measure.reference.source})"
        rows.append(OutcomeRow(str(measure.label), known, value, reference))
    return rows


def national_figures(year: int) -> NationalFigures:
    organisations = list(opted_in_organisations())
    ids = tuple(org.pk for org in organisations)
    participants = participants_table(year, organisations)
    total_row = participants.table.published()[-1]
    return NationalFigures(
        year=year,
        organisations=len(organisations),
        organisation_ids=ids,
        practices=practices_with_trained_provider(year),
        jgz=jgz_offering_co(year),
        participants_total=total_row[-2],  # this year's column total (the last year column)
        tables=[participants],
        outcomes=outcome_rows(year, ids),
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
        rows.append([_("Outcomes"), outcome.label, _("value"), outcome.value or "x"])
    return header, rows
