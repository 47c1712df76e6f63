"""What goes into the annual report, gathered from the measure modules (never queried here) and
put into sections of labelled figures and charts, ready for the PDF template. Runs inside
`translation.override(language)` so labels and number formats follow the report's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kring.organisations.models import Organisation
from kring.records.charts import Chart, Point, Series, render_svg
from kring.reports import group_management

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


def number(value: float | int | None, decimals: int = 0) -> str:
    """A figure in the active language's format; a missing figure is a dash, never a zero."""
    if value is None:
        return "–"
    if decimals and round(value, decimals) != round(value):
        return formats.number_format(round(value, decimals), decimals, use_l10n=True)
    value = round(value)
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def days(value: float | None) -> str:
    if value is None:
        return "–"
    return _("%(days)s days") % {"days": number(value, 1)}


def group_management_section(organisation: Organisation, year: int) -> tuple[Section, int]:
    groups = group_management.groups_held(organisation, year)
    waiting = group_management.waiting_time(organisation, year)
    section = Section("groups", _("Group management"))
    section.rows = [
        Row(_("CenteringZwangerschap groups"), number(groups.get("CZ", 0))),
        Row(_("CenteringOuderschap groups"), number(groups.get("CO", 0))),
        Row(_("Sessions (not cancelled)"), number(group_management.sessions_held(organisation, year))),
        Row(_("Groups cancelled"), number(group_management.groups_cancelled(organisation, year))),
        Row(
            _("Waiting time from intake to session 1 (median)"),
            days(waiting.median_days),
            _("%(count)s clients; mean %(mean)s, longest %(longest)s")
            % {
                "count": number(waiting.clients),
                "mean": days(waiting.mean_days),
                "longest": days(waiting.longest_days),
            },
        ),
    ]
    months = group_management.sessions_per_month(organisation, year)
    chart = Chart(
        title=_("Sessions per month"),
        x_label=_("Month"),
        y_label=_("Sessions"),
        series=[Series(_("Sessions"), [Point(m + 1, count) for m, count in enumerate(months)])],
        x_range=(1, 12),
        y_range=(0, max(4, max(months))),
        empty_text=_("No sessions this year"),
    )
    section.charts.append(render_svg(chart))
    return section, waiting.clients


def collect_annual_report(
    organisation: Organisation, year: int, progress: Progress | None = None
) -> AnnualReportContent:
    report = progress or (lambda fraction, phase: None)
    sections: list[Section] = []
    report(0.1, "groups")
    groups, counted = group_management_section(organisation, year)
    sections.append(groups)
    return AnnualReportContent(
        organisation=organisation.name,
        year=year,
        made_on=timezone.localdate(),
        sections=sections,
        clients_counted=counted,
    )
