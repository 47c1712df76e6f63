"""The participant's charts, built from her measurements with translated labels."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kring.care.models import Client
from kring.records.charts import Chart, Point, ReferenceLine, Series, render_svg
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
        high_sys, high_dia = BLOOD_PRESSURE_LINE
        references = {
            str(_("Blood pressure")): [
                ReferenceLine(high_sys, f"{high_sys} mmHg"),
                ReferenceLine(high_dia, f"{high_dia} mmHg"),
            ]
        }
    charts = []
    for title, unit, kinds in specs:
        chart = Chart(
            title=str(title),
            x_label=str(x_label),
            y_label=unit,
            series=[_series(client, measurements, kind, str(label), x_of) for kind, label in kinds],
            reference_lines=references.get(str(title), ()),
            x_range=x_range,
            empty_text=_("No measurements yet"),
            description=_("Flagged values are drawn as open red circles."),
        )
        charts.append(render_svg(chart))
    return charts
