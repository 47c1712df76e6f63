"""A small practice the planner can plan in a second: one location with one room, a CZ lead
and a co-facilitator, ten CZ clients due within two weeks of each other, a coordinator, and
an outsider coordinator of another organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from kring.accounts.models import User
from kring.care.models import Client
from kring.organisations.models import Location, Organisation, Person, Role, Room
from tests.factories import (
    ClientFactory,
    LocationFactory,
    OrganisationFactory,
    PersonFactory,
    RoomFactory,
    UserFactory,
)

ALL_WEEK = {day: ["morning", "afternoon", "evening"] for day in ("mon", "tue", "wed", "thu", "fri")}


@dataclass
class Plannable:
    organisation: Organisation
    location: Location
    room: Room
    second_room: Room
    lead: Person
    co: Person
    spare: Person
    clients: list[Client]
    coordinator: User


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Run tasks in the request (the demo and production use the database worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.KRING_PLANNER_TIME_LIMIT_S = 3
    settings.KRING_PLANNER_WORKERS = 1


def make_plannable(slug: str = "plan", *, clients: int = 10) -> Plannable:
    organisation = OrganisationFactory(name=f"Praktijk {slug}", slug=slug)
    location = LocationFactory(organisation=organisation, name="Centrum")
    room = RoomFactory(location=location, name="Kringzaal")
    second_room = RoomFactory(location=location, name="Tuinkamer")
    lead = PersonFactory(
        organisation=organisation,
        given_name="Lotte",
        family_name="Leid",
        roles=[Role.Kind.CZ_LEAD],
        availability=ALL_WEEK,
    )
    co = PersonFactory(
        organisation=organisation,
        given_name="Cora",
        family_name="Co",
        roles=[Role.Kind.CO_FACILITATOR],
        availability=ALL_WEEK,
    )
    spare = PersonFactory(
        organisation=organisation,
        given_name="Sanne",
        family_name="Reserve",
        roles=[Role.Kind.CZ_LEAD],
        availability=ALL_WEEK,
    )
    for person in (lead, co, spare):
        person.locations.add(location)
    due = timezone.localdate() + dt.timedelta(weeks=30)
    people = []
    for k in range(clients):
        client = ClientFactory(
            organisation=organisation,
            given_name=f"Moeder{k}",
            due_date=due + dt.timedelta(days=k),
            email=f"moeder{k}@example.test",
            languages=["en", "nl"] if k == 0 else ["nl"],
        )
        client.location_preferences.create(location=location, rank=0)
        people.append(client)
    user = UserFactory(username=f"coordinator-{slug}")
    PersonFactory(
        organisation=organisation,
        user=user,
        given_name="Coördinator",
        roles=[Role.Kind.COORDINATOR],
        availability={},
    )
    return Plannable(organisation, location, room, second_room, lead, co, spare, people, user)


@pytest.fixture
def plannable(db) -> Plannable:
    return make_plannable()


@pytest.fixture
def outsider(db) -> User:
    other = make_plannable("elders", clients=1)
    return other.coordinator
