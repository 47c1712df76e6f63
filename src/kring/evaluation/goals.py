"""The organisation's goals: dated, the newest that started on or before a day applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kring.evaluation.models import MeasureGoal
from kring.organisations.models import Organisation


def goals_for(organisation: Organisation, on: dt.date) -> dict[str, Decimal]:
    """{measure code: goal} in force on `on` (one query)."""
    goals: dict[str, Decimal] = {}
    rows = (
        MeasureGoal.objects.filter(organisation=organisation, valid_from__lte=on)
        .order_by("measure", "-valid_from")
        .values_list("measure", "target")
    )
    for code, target in rows:
        goals.setdefault(code, target)
    return goals
