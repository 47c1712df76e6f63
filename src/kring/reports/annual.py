"""What goes into the annual report, gathered from the measure modules (kring.evaluation
.measures; no figure is counted here) and put into sections of labelled figures and charts,
ready for the PDF template. Runs inside `translation.override(language)` so labels and number
formats follow the report's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.evaluation import measures
from kring.evaluation.measures import MeasureFilter
from kring.organisations.models import Organisation
from kring.records.charts import Chart, Point, Series, render_svg
from kring.reports.periods import sessions_held_per_month, year_bounds

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # SVG markup made by the chart modules (escaped there)
    note: str = ""


@dataclass
class AnnualReportContent:
    organisation: str
    year: int
    made_on: dt.date
    sections: list[Section]
    clients_counted: int = 0


def number(value: float | int | Decimal | None, decimals: int = 0) -> str:
    """A figure in the active language's format; a missing figure is a dash, never a zero."""
    if value is None:
        return "–"
    if decimals and round(value, decimals) != round(value):
        return formats.number_format(round(value, decimals), decimals, use_l10n=True)
    return formats.number_format(round(value), use_l10n=True, force_grouping=True)


def days(value: float | None) -> str:
    if value is None:
        return "–"
    return _("%(days)s days") % {"days": number(value, 1)}


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{number(value, 1)} %"


def year_filter(organisation: Organisation, year: int, **extra) -> MeasureFilter:
    first, last = year_bounds(year)
    return MeasureFilter(start=first, end=last, organisation=organisation, **extra)


def group_management_section(organisation: Organisation, year: int) -> tuple[Section, int]:
    f = year_filter(organisation, year)
    figures = measures.group_management(f)
    section = Section("groups", _("Group management"))
    section.rows = [
        Row(_("Participants"), number(figures.participants)),
        Row(_("Groups"), number(figures.groups), _("first session in %(year)s") % {"year": year}),
        Row(
            _("CenteringZwangerschap groups"),
            number(measures.groups(year_filter(organisation, year, programme="CZ"))),
        ),
        Row(
            _("CenteringOuderschap groups"),
            number(measures.groups(year_filter(organisation, year, programme="CO"))),
        ),
        Row(_("Sessions held"), number(figures.sessions_held)),
        Row(_("Sessions cancelled"), number(figures.sessions_cancelled)),
        Row(_("Groups cancelled"), number(figures.groups_cancelled)),
        Row(
            _("Waiting time from intake to session 1 (median)"),
            days(figures.waiting_median_days),
            _("%(count)s clients") % {"count": number(figures.waiting_clients)},
        ),
    ]
    months = sessions_held_per_month(organisation, year)
    chart = Chart(
        title=_("Sessions held per month"),
        x_label=_("Month"),
        y_label=_("Sessions"),
        series=[Series(_("Sessions"), [Point(m + 1, count) for m, count in enumerate(months)])],
        x_range=(1, 12),
        y_range=(0, max(4, *months)),
        empty_text=_("No sessions this year"),
    )
    section.charts.append(render_svg(chart))
    section.note = _("A group belongs to the year of its first session; so do its participants and outcomes.")
    return section, figures.participants


def headline(measure, tally) -> str:
    if measure.headline == "mean":
        return number(tally.mean, 1)
    return percent(tally.percent)


def outcomes_section(organisation: Organisation, year: int) -> Section:
    f = year_filter(organisation, year)
    section = Section("outcomes", _("Outcomes"))
    for measure in measures.MEASURES:
        tally = measures.tally(measure.code, f)
        parts = [
            _("%(known)s known, %(missing)s missing")
            % {"known": number(tally.denominator), "missing": number(tally.missing)}
        ]
        if measure.reference is not None:
            parts.append(
                _("individual care %(care)s %%, Centering %(centering)s %% (%(source)s)")
                % {
                    "care": measure.reference.percent,
                    "centering": measure.reference.centering_percent,
                    "source": measure.reference.source,
                }
            )
        section.rows.append(Row(str(measure.label), headline(measure, tally), "; ".join(parts)))
    section.note = _("Missing answers are counted as missing, never as no.")
    return section


def collect_annual_report(
    organisation: Organisation, year: int, progress: Progress | None = None
) -> AnnualReportContent:
    report = progress or (lambda fraction, phase: None)
    year_bounds(year)  # a year the calendar lacks fails here, before any work
    sections: list[Section] = []
    report(0.1, "groups")
    groups, counted = group_management_section(organisation, year)
    sections.append(groups)
    report(0.3, "outcomes")
    sections.append(outcomes_section(organisation, year))
    return AnnualReportContent(
        organisation=organisation.name,
        year=year,
        made_on=timezone.localdate(),
        sections=sections,
        clients_counted=counted,
    )
