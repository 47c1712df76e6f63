"""Counts of groups and sessions for the chosen filters (the period applies per line)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from kring.care.models import Client, Enrolment, Group, Session
from kring.evaluation.measures.filters import MeasureFilter


@dataclass(frozen=True)
class GroupManagement:
    participants: int
    groups: int
    groups_cancelled: int
    sessions_held: int
    sessions_cancelled: int
    waiting_clients: int
    waiting_median_days: float | None


def participants(f: MeasureFilter) -> int:
    """Participants: distinct clients enrolled (in any status) in a counted group."""
    return Client.objects.filter(pk__in=f.participant_ids()).count()


def groups(f: MeasureFilter) -> int:
    """Groups: not cancelled, first session that was not cancelled in the period."""
    return f.groups().count()


def group_management(f: MeasureFilter) -> GroupManagement:
    """Groups, participants; cancelled groups (their first planned session in the period);
    sessions held and cancelled dated in the period (of groups matching the other filters);
    waiting time: days from a counted participant's registration in Kring to session 1 of her
    counted group (median, local dates)."""
    matching = f.all_groups()
    first_planned = (
        Session.objects.filter(group=OuterRef("pk")).values("group").annotate(d=Min("date")).values("d")
    )
    cancelled = (
        matching.filter(status=Group.Status.CANCELLED)
        .annotate(first_date=Subquery(first_planned[:1]))
        .filter(first_date__range=(f.start, f.end))
        .count()
    )
    sessions = Session.objects.filter(
        group__in=matching.values("pk"), date__range=(f.start, f.end)
    ).aggregate(
        held=Count("pk", filter=Q(status=Session.Status.HELD)),
        cancelled=Count("pk", filter=Q(status=Session.Status.CANCELLED)),
    )
    session_one = Session.objects.filter(group=OuterRef("group"), number=1).exclude(
        status=Session.Status.CANCELLED
    )
    waits = (
        Enrolment.objects.filter(group__in=f.groups().values("pk"))
        .annotate(
            first_session=Subquery(session_one.values("date")[:1]), registered=TruncDate("client__created_at")
        )
        .exclude(first_session__isnull=True)
        .values_list("client_id", "first_session", "registered")
    )
    days: dict[int, int] = {}
    for client_id, first_session, registered in waits:
        days[client_id] = max(0, (first_session - registered).days)
    return GroupManagement(
        participants=participants(f),
        groups=groups(f),
        groups_cancelled=cancelled,
        sessions_held=sessions["held"],
        sessions_cancelled=sessions["cancelled"],
        waiting_clients=len(days),
        waiting_median_days=statistics.median(days.values()) if days else None,
    )


__all__ = ["GroupManagement", "group_management", "groups", "participants"]
