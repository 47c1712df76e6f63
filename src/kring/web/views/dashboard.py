"""The start page: what a coordinator needs to see first, and a facilitator's own week."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone

from kring.care.access import groups_for_user, sessions_for_user, waiting_clients_for_user
from kring.care.models import Enrolment, Group, Session
from kring.web.membership import member_required

RUNNING_STATUSES = (Group.Status.PUBLISHED, Group.Status.RUNNING)
UPCOMING_WHEN_QUIET = 5


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week that contains `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@member_required
def dashboard(request):
    user, organisation = request.user, request.membership.organisation
    today = timezone.localdate()
    monday, sunday = week_of(today)
    waiting = (
        waiting_clients_for_user(user, organisation)
        .values("programme__code", "programme__name")
        .annotate(count=Count("pk", distinct=True))
        .order_by("programme__code")
    )
    running = (
        groups_for_user(user, organisation)
        .filter(status__in=RUNNING_STATUSES)
        # subqueries, not joins: joining enrolments and sessions together multiplied the rows to
        # count by members × sessions per group (issue 11: 42 ms of the page on a region's data)
        .annotate(
            members=Coalesce(
                Subquery(
                    Enrolment.objects.filter(group=OuterRef("pk"), status=Enrolment.Status.ACTIVE)
                    .values("group")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            next_date=Subquery(
                Session.objects.filter(group=OuterRef("pk"), date__gte=today)
                .order_by("date")
                .values("date")[:1]
            ),
            first_date=Subquery(
                Session.objects.filter(group=OuterRef("pk"))
                .exclude(status=Session.Status.CANCELLED)
                .order_by("date")
                .values("date")[:1]
            ),
        )
        .order_by("next_date", "name")
    )
    # A published group whose first session is still ahead is not running yet (issue 12 point 7):
    # it is listed, marked as starting, but not counted.
    running = list(running)
    for group in running:
        group.started = group.first_date is not None and group.first_date <= today
    running_count = sum(1 for group in running if group.started)
    this_week = (
        sessions_for_user(user, organisation)
        .filter(date__range=(monday, sunday))
        .exclude(status=Session.Status.CANCELLED)
        .select_related("group__programme")
        .order_by("starts_at")
    )
    sessions = list(this_week)
    upcoming = []
    if not sessions:
        # A quiet week: show what comes next rather than an empty table.
        upcoming = list(
            sessions_for_user(user, organisation)
            .filter(date__gt=sunday)
            .exclude(status=Session.Status.CANCELLED)
            .select_related("group__programme")
            .order_by("starts_at")[:UPCOMING_WHEN_QUIET]
        )
    context = {
        "section": "dashboard",
        "waiting": list(waiting),
        "waiting_total": sum(row["count"] for row in waiting),
        "running": running,
        "running_count": running_count,
        "sessions": sessions,
        "upcoming": upcoming,
        "monday": monday,
        "sunday": sunday,
        "today": today,
    }
    return TemplateResponse(request, "kring/dashboard.html", context)
