"""Calendar years and the one chart query of the annual report that the measure modules do
not have (sessions held per month). Every other figure comes from kring.evaluation.measures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from kring.care.models import Session
from kring.organisations.models import Organisation


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last local day of a calendar year; ValueError for a year the calendar lacks."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def sessions_held_per_month(organisation: Organisation, year: int) -> list[int]:
    """Sessions with status held, per calendar month (January first), the same sessions
    `measures.group_management` counts as held for the year."""
    first, last = year_bounds(year)
    counts = [0] * 12
    rows = (
        Session.objects.filter(
            group__organisation=organisation, date__range=(first, last), status=Session.Status.HELD
        )
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["month"] - 1] = row["n"]
    return counts
