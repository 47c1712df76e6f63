"""Fixed personas (DESIGN.md habit 12): in the practice "De Proeflinde" a coordinator, a
midwife who leads CZ, a co-facilitator, a privacy officer; and an outsider, coordinator of
another organisation, who must see nothing of the first."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kring.accounts.models import User
from kring.organisations.models import Organisation, Person, Role
from tests.factories import (
    ClientFactory,
    EnrolmentFactory,
    GroupFactory,
    LocationFactory,
    OrganisationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)


@dataclass
class Practice:
    """One organisation with a location, a room, a running group, a client in it and one waiting."""

    organisation: Organisation
    location: object
    room: object
    lead: Person
    co: Person
    group: object
    session: object
    client: object
    waiting_client: object


def _persona(organisation: Organisation, username: str, *roles: str) -> User:
    user = UserFactory(username=username, email=f"{username}@example.test")
    PersonFactory(organisation=organisation, user=user, given_name=username.title(), roles=list(roles))
    return user


@pytest.fixture
def practice(db) -> Practice:
    organisation = OrganisationFactory(name="Verloskundigenpraktijk De Proeflinde", slug="proeflinde")
    location = LocationFactory(organisation=organisation, name="Centrum")
    room = RoomFactory(location=location, name="Kringzaal")
    group = GroupFactory(organisation=organisation, location=location, name="CZ dinsdagavond")
    session = SessionFactory(group=group, room=room, number=1)
    enrolment = EnrolmentFactory(group=group)
    waiting = ClientFactory(organisation=organisation, given_name="Wachtend")
    return Practice(
        organisation=organisation,
        location=location,
        room=room,
        lead=group.lead,
        co=group.co,
        group=group,
        session=session,
        client=enrolment.client,
        waiting_client=waiting,
    )


@pytest.fixture
def coordinator(practice) -> User:
    return _persona(practice.organisation, "coordinator", Role.Kind.COORDINATOR)


@pytest.fixture
def midwife(practice) -> User:
    """A CZ lead of the practice who does not run the fixture group."""
    return _persona(practice.organisation, "midwife", Role.Kind.CZ_LEAD)


@pytest.fixture
def facilitator(practice) -> User:
    """The co-facilitator of the practice's group, with a login."""
    user = UserFactory(username="facilitator", email="facilitator@example.test")
    practice.co.user = user
    practice.co.save()
    return user


@pytest.fixture
def privacy_officer(practice) -> User:
    return _persona(practice.organisation, "privacy", Role.Kind.PRIVACY_OFFICER)


@pytest.fixture
def outsider(db) -> User:
    """Coordinator of another organisation, with data of its own."""
    other = OrganisationFactory(name="JGZ Elders", slug="elders", kind=Organisation.Kind.JGZ)
    ClientFactory(organisation=other)
    return _persona(other, "outsider", Role.Kind.COORDINATOR, Role.Kind.PRIVACY_OFFICER)


@pytest.fixture(autouse=True)
def _start_in_the_default_language():
    """Every test starts in Dutch: a request through the test client leaves its language active
    in the thread (LocaleMiddleware), which would make later tests depend on the order."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
