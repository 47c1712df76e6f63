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
from django.utils.translation import ngettext

from kring.evaluation import measures
from kring.evaluation.charts import BarChart, measure_bar_svg
from kring.evaluation.checklist import implementation_checklist
from kring.evaluation.costs import cost_summary, ensure_default_rates
from kring.evaluation.dashboard import dashboard_rows
from kring.evaluation.fidelity import fidelity_summary
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
    small_charts: list[str] = field(default_factory=list)  # the same, drawn two side by side
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
        return formats.number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)
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


def euro(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return "€ " + formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def outcomes_section(organisation: Organisation, year: int) -> Section:
    f = year_filter(organisation, year)
    section = Section("outcomes", _("Outcomes"))
    for row in dashboard_rows(f):
        measure, tally = row.measure, row.tally
        value = number(row.value, 1) if measure.headline == "mean" else percent(row.value)
        parts = [
            _("%(known)s known, %(missing)s missing")
            % {"known": number(tally.denominator), "missing": number(tally.missing)}
        ]
        if row.goal is not None:
            goal = number(row.goal, 1) if measure.headline == "mean" else percent(row.goal)
            parts.append(_("goal %(goal)s") % {"goal": goal})
        if measure.reference is not None:
            parts.append(
                _("individual care %(care)s %%, Centering %(centering)s %% (%(source)s)")
                % {
                    "care": measure.reference.percent,
                    "centering": measure.reference.centering_percent,
                    "source": measure.reference.source,
                }
            )
        section.rows.append(Row(str(measure.label), value, "; ".join(parts)))
        if row.value is not None and (row.goal is not None or measure.reference is not None):
            section.small_charts.append(
                measure_bar_svg(
                    BarChart(
                        title=str(measure.label),
                        value=row.value,
                        scale=row.scale,
                        value_label=f"{measure.label}: {value}",
                        goal=row.goal,
                        goal_label=str(_("goal")),
                        reference=row.reference,
                        reference_label=str(_("individual care")),
                    )
                )
            )
    section.note = _("Missing answers are counted as missing, never as no.")
    return section


def self_checks(count: int) -> str:
    return ngettext("%(n)s self-check", "%(n)s self-checks", count) % {"n": number(count)}


def fidelity_section(organisation: Organisation, year: int) -> Section:
    first, last = year_bounds(year)
    summary = fidelity_summary(organisation, first, last)
    section = Section("fidelity", _("Fidelity and sustainability"))
    section.rows.append(
        Row(
            _("Essential elements met (all self-checks)"),
            percent(summary.overall.overall),
            self_checks(summary.overall.checks),
        )
    )
    for element in summary.overall.elements:
        section.rows.append(Row(f"{element.number}. {element.text}", percent(element.percent)))
    for line in summary.by_quarter:
        section.rows.append(Row(line.label, percent(line.overall), self_checks(line.checks)))
    groups = summary.groups
    section.rows.append(
        Row(
            _("Groups led by the same two facilitators throughout"),
            f"{sum(g.stable_leadership for g in groups)} / {len(groups)}",
        )
    )
    section.rows.append(
        Row(
            _("Groups of the planned size"),
            f"{sum(g.size_ok for g in groups)} / {len(groups)}",
        )
    )
    if summary.slipped:
        section.note = _("Slipped (met in fewer than 80 %% of sessions): %(list)s") % {
            "list": "; ".join(summary.slipped)
        }
    return section


def costs_section(organisation: Organisation, year: int) -> Section:
    ensure_default_rates(organisation)  # an organisation without rates gets the published ones
    summary = cost_summary(year_filter(organisation, year))
    section = Section("costs", _("Costs"))
    section.rows = [
        Row(
            _("Costs of the groups"), euro(summary.total), _("facilitators, rooms, training and intervision")
        ),
        Row(_("Income from the NZa surcharge"), euro(summary.income)),
        Row(_("Cost per participant"), euro(summary.per_participant)),
        Row(_("Net cost per participant"), euro(summary.net_per_participant), _("after the NZa surcharge")),
    ]
    for group in summary.groups:
        section.rows.append(
            Row(
                group.group,
                euro(group.total),
                _("%(sessions)s sessions held, %(participants)s participants, %(each)s each")
                % {
                    "sessions": group.held_sessions,
                    "participants": group.participants,
                    "each": euro(group.per_participant),
                },
            )
        )
    for reference in summary.references:
        section.rows.append(
            Row(
                _("Reference %(year)s: net saving per woman against individual care")
                % {"year": reference.year},
                euro(reference.net_saving_per_woman),
                _("%(extra)s extra, %(source)s")
                % {"extra": euro(reference.extra_cost_per_woman), "source": reference.source},
            )
        )
    return section


def checklist_section(organisation: Organisation, year: int) -> Section:
    section = Section("checklist", _("Implementation checklist"))
    for item in implementation_checklist(organisation, year):
        status = _("done") if item.done else _("not yet")
        note = "; ".join(str(part) for part in [item.detail, *item.missing, item.note] if part)
        section.rows.append(Row(str(item.label), str(status), note))
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
    report(0.5, "fidelity")
    sections.append(fidelity_section(organisation, year))
    report(0.65, "costs")
    sections.append(costs_section(organisation, year))
    report(0.8, "checklist")
    sections.append(checklist_section(organisation, year))
    return AnnualReportContent(
        organisation=organisation.name,
        year=year,
        made_on=timezone.localdate(),
        sections=sections,
        clients_counted=counted,
    )
