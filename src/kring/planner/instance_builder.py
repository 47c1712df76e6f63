"""The database as a planning instance (SPEC 1), for a planning run.

The organisation's data comes from `kring.care.instance.build_instance`; on top of that the
planner closes the Dutch public holidays (`holidays`), so no session falls on Easter Monday or
King's Day. Exchange ids carry their kind and primary key ("C140", "F12", "R7", "G5") and turn
back with `db_pk`, so a plan maps back onto the database without a lookup table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
from django.utils import timezone

from kring.care.instance import build_instance, database_pk, planning_id
from kring.organisations.models import Organisation

DEFAULT_HORIZON_DAYS = 365
# A new group may start up to horizon_end and then runs for about ten months more.
SESSIONS_AFTER_HORIZON_DAYS = 330

__all__ = ["build_for_organisation", "db_pk", "exchange_id", "public_holidays"]


def exchange_id(obj) -> str:
    return planning_id(obj)


def db_pk(exchange: str) -> int:
    return database_pk(exchange)


def public_holidays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Dutch public holidays from `first` to `last` inclusive."""
    calendar = holidays.country_holidays("NL", years=range(first.year, last.year + 1))
    return sorted(day for day in calendar if first <= day <= last)


def build_for_organisation(
    organisation: Organisation,
    *,
    plan_start: dt.date | None = None,
    horizon_end: dt.date | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """(instance JSON, skipped objects with reasons) for `organisation`."""
    plan_start = plan_start or timezone.localdate() + dt.timedelta(days=1)
    horizon_end = horizon_end or plan_start + dt.timedelta(days=DEFAULT_HORIZON_DAYS)
    export = build_instance(organisation, plan_start=plan_start, horizon_end=horizon_end)
    data = export.data
    last = horizon_end + dt.timedelta(days=SESSIONS_AFTER_HORIZON_DAYS)
    closed = set(data.get("closed_dates", ())) | {d.isoformat() for d in public_holidays(plan_start, last)}
    if closed:
        data["closed_dates"] = sorted(closed)
    return data, list(export.skipped)
