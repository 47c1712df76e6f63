"""Severe blood pressure: values that need the midwife now, not at the end of the session.

At or above 160 systolic or 110 diastolic (the NVOG's threshold for severe hypertension in
pregnancy) a value is not just "flagged": the session-day page and the midwife's start page
show it as an alert, with who, the value and the moment it was measured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from kring.care.models import Client, Session
from kring.records.measurements import Kind
from kring.records.models import Measurement

SEVERE_SYSTOLIC = 160
SEVERE_DIASTOLIC = 110
RECENT_DAYS = 14


@dataclass(frozen=True)
class SevereReading:
    client: Client
    session: Session | None
    systolic: int | None
    diastolic: int | None
    measured_at: dt.datetime


def _severe(measurements) -> Q:
    return Q(kind=Kind.SYSTOLIC.value, value__gte=SEVERE_SYSTOLIC) | Q(
        kind=Kind.DIASTOLIC.value, value__gte=SEVERE_DIASTOLIC
    )


def severe_readings(measurements) -> list[SevereReading]:
    """The severe blood pressures among `measurements` (a queryset), one per reading (the
    systolic and diastolic of one moment together), newest first."""
    severe = measurements.filter(_severe(measurements)).values_list("client_id", "measured_at")
    moments = set(severe)
    if not moments:
        return []
    pairs = (
        measurements.filter(
            kind__in=(Kind.SYSTOLIC.value, Kind.DIASTOLIC.value),
            client_id__in={client_id for client_id, _at in moments},
            measured_at__in={at for _client, at in moments},
        )
        .select_related("client", "session__group")
        .order_by("-measured_at", "client_id")
    )
    readings: dict[tuple[int, dt.datetime], dict] = {}
    for m in pairs:
        key = (m.client_id, m.measured_at)
        if key not in moments:
            continue
        reading = readings.setdefault(key, {"client": m.client, "session": m.session, "at": m.measured_at})
        reading[m.kind] = int(m.value)
    return [
        SevereReading(
            r["client"], r["session"], r.get(Kind.SYSTOLIC.value), r.get(Kind.DIASTOLIC.value), r["at"]
        )
        for r in readings.values()
    ]


def severe_in_session(session: Session) -> list[SevereReading]:
    return severe_readings(Measurement.objects.filter(session=session))


def recent_severe(clients, *, days: int = RECENT_DAYS) -> list[SevereReading]:
    """Severe readings of these clients (a queryset the user may see) in the last `days` days."""
    since = timezone.now() - dt.timedelta(days=days)
    return severe_readings(Measurement.objects.filter(client__in=clients, measured_at__gte=since))
