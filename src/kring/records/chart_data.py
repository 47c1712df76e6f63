"""The participant's charts, built from her measurements with translated labels."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kring.care.models import Client
from kring.records import growth_reference
from kring.records.charts import Chart, Curve, Point, ReferenceLine, Series, render_svg
from kring.records.growth_reference import Indicator
from kring.records.measurements import BLOOD_PRESSURE_LINE, Kind
from kring.records.services.measuring import FULL_TERM_DAYS

DAYS_PER_MONTH = 30.4375


def _pregnancy_weeks(client: Client, day: dt.date) -> float | None:
    if not client.due_date:
        return None
    return round((FULL_TERM_DAYS - (client.due_date - day).days) / 7, 2)


def _baby_months(client: Client, day: dt.date) -> float | None:
    if not client.baby_birth_date:
        return None
    return round((day - client.baby_birth_date).days / DAYS_PER_MONTH, 2)


def _series(client, measurements, kind: Kind, label: str, x_of) -> Series:
    points = []
    for m in measurements:
        if m.kind != kind:
            continue
        day = m.measured_at.date() if m.session_id is None else m.session.date
        x = x_of(client, day)
        if x is None:
            continue
        points.append(
            Point(
                x,
                float(m.value),
                flagged=m.flagged,
                note=f"{date_format(day, 'SHORT_DATE_FORMAT')}: {m.value:f}",
            )
        )
    return Series(label, points)


def _growth_curves(
    client: Client, indicator: Indicator | None, scale: float, months
) -> tuple[list[Curve], str]:
    """The WHO P3, P50 and P97 curves for the baby's sex, and the line that goes under the chart."""
    if indicator is None:
        return [], _("No reference curves for head circumference yet.")
    if client.baby_sex not in ("f", "m"):
        return [], _("Give the baby's sex to see the growth curves.")
    curves = [
        Curve(c.label, [(x, y * scale) for x, y in c.points], dashed=c.label != "P50")
        for c in growth_reference.centiles(indicator, client.baby_sex, months)
    ]
    return curves, _("Reference: WHO Child Growth Standards 2006 (P3, P50, P97)")


def participant_charts(client: Client, measurements) -> list[str]:
    """SVG strings: blood pressure and weight over the pregnancy (CZ) or growth over age (CO)."""
    measurements = list(measurements)
    if client.programme.code == "CO":
        x_label = _("Age of the baby (months)")
        specs = [
            (_("Baby's weight"), "g", [(Kind.BABY_WEIGHT, _("Weight"))]),
            (_("Baby's length"), "cm", [(Kind.BABY_LENGTH, _("Length"))]),
            (_("Head circumference"), "cm", [(Kind.HEAD_CIRCUMFERENCE, _("Head circumference"))]),
        ]
        x_of, x_range = _baby_months, (0.0, 15.0)
        references: dict[str, list[ReferenceLine]] = {}
        # The chart's unit per WHO indicator: weight is charted in grams, the tables are in kg.
        growth = {
            str(_("Baby's weight")): (Indicator.WEIGHT, 1000.0),
            str(_("Baby's length")): (Indicator.LENGTH, 1.0),
            str(_("Head circumference")): (None, 1.0),
        }
    else:
        x_label = _("Weeks of pregnancy")
        specs = [
            (
                _("Blood pressure"),
                "mmHg",
                [(Kind.SYSTOLIC, _("Systolic")), (Kind.DIASTOLIC, _("Diastolic"))],
            ),
            (_("Weight"), "kg", [(Kind.WEIGHT, _("Weight"))]),
        ]
        x_of, x_range = _pregnancy_weeks, (10.0, 42.0)
        growth = {}
        high_sys, high_dia = BLOOD_PRESSURE_LINE
        references = {
            str(_("Blood pressure")): [
                ReferenceLine(high_sys, f"{high_sys} mmHg"),
                ReferenceLine(high_dia, f"{high_dia} mmHg"),
            ]
        }
    charts = []
    for title, unit, kinds in specs:
        curves: list[Curve] = []
        footnote = ""
        if str(title) in growth:
            indicator, scale = growth[str(title)]
            curves, footnote = _growth_curves(client, indicator, scale, x_range)
        chart = Chart(
            title=str(title),
            x_label=str(x_label),
            y_label=unit,
            series=[_series(client, measurements, kind, str(label), x_of) for kind, label in kinds],
            reference_lines=references.get(str(title), ()),
            x_range=x_range,
            empty_text=_("No measurements yet"),
            description=_("Flagged values are drawn as open red circles."),
            curves=curves,
            curves_legend=_("WHO reference"),
            footnote=footnote,
        )
        charts.append(render_svg(chart))
    return charts
