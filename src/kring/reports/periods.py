"""Group management for the annual report: one query per measure, each with its definition.

"The year" is a calendar year of local dates (Session.date is the local day). Only the
organisation passed in is read; callers have checked the user may report on it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Min, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from kring.care.models import Enrolment, Group, Session
from kring.organisations.models import Organisation


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def groups_held(organisation: Organisation, year: int) -> dict[str, int]:
    """Groups per programme code with at least one session in the year that was not cancelled
    (the group itself not cancelled)."""
    first, last = year_bounds(year)
    rows = (
        Group.objects.filter(organisation=organisation)
        .exclude(status=Group.Status.CANCELLED)
        .filter(  # one filter() call: the same session must be in the year and not cancelled
            sessions__date__range=(first, last),
            sessions__status__in=(Session.Status.PLANNED, Session.Status.HELD),
        )
        .values_list("programme__code", "pk")
        .distinct()
    )
    result: dict[str, int] = {}
    for code, _pk in rows:
        result[code] = result.get(code, 0) + 1
    return result


def sessions_held(organisation: Organisation, year: int) -> int:
    """Sessions dated in the year and not cancelled (planned ones later in the year included:
    the report can be made before the year ends)."""
    first, last = year_bounds(year)
    return (
        Session.objects.filter(group__organisation=organisation, date__range=(first, last))
        .exclude(status=Session.Status.CANCELLED)
        .count()
    )


def groups_cancelled(organisation: Organisation, year: int) -> int:
    """Cancelled groups whose first planned session fell in the year, or, with no sessions at
    all, that were created in the year."""
    first, last = year_bounds(year)
    cancelled = Group.objects.filter(organisation=organisation, status=Group.Status.CANCELLED).annotate(
        first_date=Min("sessions__date")
    )
    return cancelled.filter(
        Q(first_date__range=(first, last)) | Q(first_date__isnull=True, created_at__year=year)
    ).count()


@dataclass(frozen=True)
class WaitingTime:
    """Days from intake (registration of the client in Kring) to her group's session 1."""

    clients: int
    median_days: float | None
    mean_days: float | None
    longest_days: int | None


def waiting_time(organisation: Organisation, year: int) -> WaitingTime:
    """For every client enrolled in a group whose session 1 (not cancelled) is in the year:
    the local date of session 1 minus the local date of her registration. A client counts
    once, for her first such group; negative waits (registered after session 1, a late joiner)
    count as 0."""
    first, last = year_bounds(year)
    session_one = {
        group_id: date
        for group_id, date in Session.objects.filter(
            group__organisation=organisation, number=1, date__range=(first, last)
        )
        .exclude(status=Session.Status.CANCELLED)
        .values_list("group_id", "date")
    }
    waits: dict[int, int] = {}
    rows = (
        Enrolment.objects.filter(group_id__in=session_one.keys())
        .values_list("client_id", "client__created_at", "group_id")
        .order_by("client_id", "joined_on", "pk")
    )
    for client_id, created_at, group_id in rows:
        if client_id in waits:
            continue
        intake = timezone.localdate(created_at)
        waits[client_id] = max(0, (session_one[group_id] - intake).days)
    days = list(waits.values())
    if not days:
        return WaitingTime(0, None, None, None)
    return WaitingTime(
        clients=len(days),
        median_days=float(statistics.median(days)),
        mean_days=round(statistics.fmean(days), 1),
        longest_days=max(days),
    )


def sessions_per_month(organisation: Organisation, year: int) -> list[int]:
    """Sessions not cancelled, per calendar month (January first) of the year."""
    first, last = year_bounds(year)
    counts = [0] * 12
    dates = (
        Session.objects.filter(group__organisation=organisation, date__range=(first, last))
        .exclude(status=Session.Status.CANCELLED)
        .values_list("date", flat=True)
    )
    for day in dates:
        counts[day.month - 1] += 1
    return counts


def participants_in_year(organisation: Organisation, year: int) -> int:
    """Clients enrolled (whatever the enrolment's status now) in a group that had a session in
    the year that was not cancelled; each client once."""
    first, last = year_bounds(year)
    return (
        Enrolment.objects.filter(
            group__organisation=organisation,
            group__sessions__date__range=(first, last),
            group__sessions__status__in=(Session.Status.PLANNED, Session.Status.HELD),
        )
        .values("client_id")
        .distinct()
        .count()
    )


def participants_by_organisation_and_year(
    organisation_ids: list[int], years: list[int]
) -> dict[tuple[int, int], int]:
    """`participants_in_year` for many organisations and years in one query:
    {(organisation id, year): clients}."""
    if not organisation_ids or not years:
        return {}
    first, _ = year_bounds(min(years))
    _, last = year_bounds(max(years))
    rows = (
        Enrolment.objects.filter(
            group__organisation_id__in=organisation_ids,
            group__sessions__date__range=(first, last),
            group__sessions__status__in=(Session.Status.PLANNED, Session.Status.HELD),
        )
        .annotate(year=ExtractYear("group__sessions__date"))
        .values_list("group__organisation_id", "year", "client_id")
        .distinct()
    )
    counts: dict[tuple[int, int], int] = {}
    for organisation_id, year, _client in rows:
        counts[(organisation_id, year)] = counts.get((organisation_id, year), 0) + 1
    return counts
