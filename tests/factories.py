"""factory-boy factories for the domain. Defaults are valid, unsurprising and synthetic:
one practice, a location with a room, a CZ client due in 20 weeks."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kring.accounts.models import User
from kring.care.models import Client, Enrolment, Group, Programme, Session
from kring.care.programmes import set_up_organisation
from kring.care.scheduling import session_times
from kring.demo.synthetic import synthetic_bsn
from kring.organisations.models import Daypart, Location, Organisation, Person, Role, Room

PASSWORD = "kring-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation with its default dayparts and the CZ and CO programmes."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verloskundigenpraktijk Proef {n}")
    slug = factory.Sequence(lambda n: f"proef-{n}")
    kind = Organisation.Kind.MIDWIFERY_PRACTICE

    @factory.post_generation
    def set_up(obj, create, extracted, **kwargs):
        if create:
            set_up_organisation(obj)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Locatie {n}")
    street = "Lindelaan 1"
    postcode = "1234 AB"
    city = "Proefstad"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Groepsruimte {n}")
    capacity_seats = 28
    cost_per_session = 40


class PersonFactory(factory.django.DjangoModelFactory):
    """A person; `roles=["coordinator"]` gives roles, `user=True` a login."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Sequence(lambda n: f"Anna{n}")
    family_name = "de Vries"
    languages = factory.LazyFunction(lambda: ["nl"])
    availability = factory.LazyFunction(
        lambda: {day: ["morning", "afternoon", "evening"] for day in ("mon", "tue", "wed", "thu", "fri")}
    )

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for code in extracted or []:
            Role.objects.create(person=obj, role=code)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organisation = factory.SubFactory(OrganisationFactory)
    programme = factory.LazyAttribute(lambda c: Programme.objects.get(organisation=c.organisation, code="CZ"))
    given_name = factory.Sequence(lambda n: f"Client{n}")
    family_name = "Jansen"
    bsn = factory.Sequence(lambda n: synthetic_bsn(n))
    languages = factory.LazyFunction(lambda: ["nl"])
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(weeks=20))


class COClientFactory(ClientFactory):
    programme = factory.LazyAttribute(lambda c: Programme.objects.get(organisation=c.organisation, code="CO"))
    due_date = None
    baby_given_name = "Noor"
    baby_birth_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(weeks=4))


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    organisation = factory.SubFactory(OrganisationFactory)
    programme = factory.LazyAttribute(lambda g: Programme.objects.get(organisation=g.organisation, code="CZ"))
    name = factory.Sequence(lambda n: f"CZ groep {n}")
    location = factory.SubFactory(LocationFactory, organisation=factory.SelfAttribute("..organisation"))
    weekday = "tue"
    daypart = factory.LazyAttribute(
        lambda g: Daypart.objects.get(organisation=g.organisation, code="evening")
    )
    lead = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..organisation"), roles=[Role.Kind.CZ_LEAD]
    )
    co = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..organisation"), roles=[Role.Kind.CO_FACILITATOR]
    )
    status = Group.Status.PUBLISHED


def next_weekday(start: dt.date, weekday: int) -> dt.date:
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session at the group's daypart; bypasses the conflict checks of `schedule_session`."""

    class Meta:
        model = Session

    group = factory.SubFactory(GroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyFunction(lambda: next_weekday(timezone.localdate() + dt.timedelta(days=7), 1))
    starts_at = factory.LazyAttribute(lambda s: session_times(s.date, s.group.daypart)[0])
    ends_at = factory.LazyAttribute(lambda s: session_times(s.date, s.group.daypart)[1])
    room = factory.SubFactory(RoomFactory, location=factory.SelfAttribute("..group.location"))
    lead = factory.SelfAttribute("group.lead")
    co = factory.SelfAttribute("group.co")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    group = factory.SubFactory(GroupFactory)
    client = factory.SubFactory(ClientFactory, organisation=factory.SelfAttribute("..group.organisation"))
    joined_on = factory.LazyFunction(timezone.localdate)
