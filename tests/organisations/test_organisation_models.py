from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kring.organisations.models import Absence, Daypart, Location, Role
from kring.organisations.validators import normalise_postcode, validate_agb_code
from tests.factories import LocationFactory, OrganisationFactory, PersonFactory, RoomFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "clean"), [("1234ab", "1234 AB"), (" 1234 AB ", "1234 AB"), ("9999zz", "9999 ZZ")]
)
def test_postcode_is_normalised(raw, clean):
    assert normalise_postcode(raw) == clean


@pytest.mark.parametrize("raw", ["0123 AB", "1234 SS", "12345", "1234 A", "AB 1234", ""])
def test_invalid_postcode_is_refused(raw):
    with pytest.raises(ValidationError):
        normalise_postcode(raw)


def test_location_clean_normalises_postcode_and_needs_an_address_unless_online():
    org = OrganisationFactory()
    location = Location(organisation=org, name="Zuid", street="Laan 2", postcode="5678cd", city="Stad")
    location.full_clean()
    assert location.postcode == "5678 CD"
    with pytest.raises(ValidationError):
        Location(organisation=org, name="Noord").full_clean()
    Location(organisation=org, name="Online", online=True).full_clean()


@pytest.mark.parametrize("code", ["1234567", "123456789", "1234567a"])
def test_agb_code_has_eight_digits(code):
    with pytest.raises(ValidationError):
        validate_agb_code(code)
    validate_agb_code("01234567")


def test_new_organisation_has_default_dayparts_and_programmes():
    org = OrganisationFactory()
    assert [(d.code, f"{d.start:%H:%M}", f"{d.end:%H:%M}") for d in org.dayparts.all()] == [
        ("morning", "09:30", "11:30"),
        ("afternoon", "13:30", "15:30"),
        ("evening", "19:00", "21:00"),
    ]
    assert sorted(org.programmes.values_list("code", flat=True)) == ["CO", "CZ"]


def test_daypart_across_the_dst_hour_is_refused():
    org = OrganisationFactory()
    daypart = Daypart(organisation=org, code="night", name="Nacht", start=dt.time(1, 30), end=dt.time(2, 30))
    with pytest.raises(ValidationError):
        daypart.full_clean()


def test_daypart_ending_before_it_starts_is_refused_by_the_database():
    org = OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Daypart.objects.create(organisation=org, code="x", name="X", start=dt.time(12), end=dt.time(11))


def test_room_availability_must_name_known_weekdays_and_dayparts():
    room = RoomFactory.build(location=LocationFactory(), availability={"mon": ["night"]})
    with pytest.raises(ValidationError):
        room.full_clean()
    room.availability = {"monday": ["morning"]}
    with pytest.raises(ValidationError):
        room.full_clean()
    room.availability = {"mon": ["morning"]}
    room.full_clean()
    assert room.is_available("mon", "morning")
    assert not room.is_available("tue", "morning")


def test_room_without_availability_is_always_available():
    assert RoomFactory.build(availability=None).is_available("sun", "evening")


def test_person_languages_are_iso_codes():
    person = PersonFactory.build(organisation=OrganisationFactory(), languages=["Nederlands"])
    with pytest.raises(ValidationError):
        person.full_clean()


def test_can_lead_and_can_co_follow_from_roles():
    org = OrganisationFactory()
    midwife = PersonFactory(organisation=org, roles=[Role.Kind.CZ_LEAD])
    interpreter = PersonFactory(organisation=org, roles=[Role.Kind.INTERPRETER])
    assert midwife.can_lead == ["CZ"]
    assert midwife.can_co == ["CZ"]
    assert interpreter.can_lead == []
    assert interpreter.can_co == ["CZ", "CO"]


def test_absence_is_inclusive_and_ordered():
    person = PersonFactory()
    Absence.objects.create(person=person, first_day=dt.date(2027, 7, 19), last_day=dt.date(2027, 8, 6))
    assert person.is_absent_on(dt.date(2027, 8, 6))
    assert not person.is_absent_on(dt.date(2027, 8, 7))
    with pytest.raises(IntegrityError), transaction.atomic():
        Absence.objects.create(person=person, first_day=dt.date(2027, 8, 6), last_day=dt.date(2027, 7, 19))


def test_one_person_per_user_per_organisation():
    person = PersonFactory()
    from tests.factories import UserFactory

    user = UserFactory()
    person.user = user
    person.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(organisation=person.organisation, user=user)
