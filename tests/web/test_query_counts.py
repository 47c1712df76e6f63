"""List pages run a fixed number of queries however many rows they show (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
# organisation switcher, the access-log entry with its savepoint, the page's own few queries).
MAX_QUERIES = 25


def add_rows(practice, count: int) -> None:
    organisation = practice.organisation
    for _ in range(count):
        location = LocationFactory(organisation=organisation)
        room = RoomFactory(location=location)
        group = GroupFactory(organisation=organisation, location=location, status="running")
        SessionFactory(group=group, room=room)
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
        SessionFactory(group=practice.group, room=practice.room, number=number + 10)
    many = count_queries(as_coordinator, url)

    assert many == few
