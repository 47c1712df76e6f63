"""List pages run a fixed number of queries however many rows they show (no N+1)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kring.care.scheduling import session_times
from kring.organisations.models import Role
from tests.factories import (
    ClientFactory,
    EnrolmentFactory,
    GroupFactory,
    LocationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
)

LIST_PAGES = ["web:dashboard", "web:client_list", "web:person_list", "web:location_list", "web:group_list"]
# A page may use this many queries at most, whatever the data (session, user, membership,
# organisation switcher, the access-log entry with its savepoint and, on PostgreSQL, its advisory
# lock; the page's own few queries).
MAX_QUERIES = 30
WEEKS = itertools.count(20)  # a fresh week for every generated session


def session_in_week(group, room, weeks_ahead: int, number: int = 1):
    """A session at the group's daypart `weeks_ahead` weeks from now: never overlapping another
    (PostgreSQL refuses overlaps by exclusion constraint)."""
    day = timezone.localdate() + dt.timedelta(weeks=weeks_ahead)
    starts_at, ends_at = session_times(day, group.daypart)
    return SessionFactory(
        group=group, room=room, number=number, date=day, starts_at=starts_at, ends_at=ends_at
    )


def add_rows(practice, count: int) -> None:
    organisation = practice.organisation
    for _ in range(count):
        location = LocationFactory(organisation=organisation)
        room = RoomFactory(location=location)
        group = GroupFactory(organisation=organisation, location=location, status="running")
        session_in_week(group, room, weeks_ahead=next(WEEKS))
        EnrolmentFactory(group=group)
        ClientFactory(organisation=organisation, languages=["nl", "en"])
        person = PersonFactory(
            organisation=organisation, roles=[Role.Kind.CO_FACILITATOR, Role.Kind.INTERPRETER]
        )
        person.locations.add(location)


def count_queries(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", LIST_PAGES)
def test_list_page_queries_do_not_grow_with_rows(page, practice, as_coordinator):
    url = reverse(page)
    add_rows(practice, 2)
    few = count_queries(as_coordinator, url)

    add_rows(practice, 8)
    many = count_queries(as_coordinator, url)

    assert many == few


@pytest.mark.parametrize("page", LIST_PAGES)
def test_list_page_stays_under_query_budget(page, practice, as_coordinator, django_assert_max_num_queries):
    add_rows(practice, 5)

    with django_assert_max_num_queries(MAX_QUERIES):
        as_coordinator.get(reverse(page))


def test_group_page_queries_do_not_grow_with_members(practice, as_coordinator):
    url = reverse("web:group_detail", args=[practice.group.pk])
    few = count_queries(as_coordinator, url)

    for number in range(2, 8):
        EnrolmentFactory(group=practice.group)
        session_in_week(practice.group, practice.room, weeks_ahead=number + 10, number=number + 10)
    many = count_queries(as_coordinator, url)

    assert many == few
