"""After an absence: the sessions it touches, and a repair run that changes only what it must
(`kring.planning.cpsat.repair` keeps every published session that is still valid)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from kring.care.models import Session
from kring.organisations.models import Absence
from kring.planner.models import PlanningRun
from kring.planner.runs import start_run


def affected_sessions(absence: Absence):
    """Future sessions, not cancelled, that the absent person leads or co-facilitates."""
    first = max(absence.first_day, timezone.localdate())
    return (
        Session.objects.filter(date__gte=first, date__lte=absence.last_day)
        .filter(Q(lead=absence.person) | Q(co=absence.person))
        .exclude(status=Session.Status.CANCELLED)
        .select_related("group", "room")
        .order_by("starts_at")
    )


def start_repair(absence: Absence, user, *, enqueue: bool = True) -> PlanningRun:
    return start_run(
        absence.person.organisation, user, method=PlanningRun.Method.REPAIR, absence=absence, enqueue=enqueue
    )
