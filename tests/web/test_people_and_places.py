"""People with their availability grid; locations and rooms."""

from __future__ import annotations

from django.urls import reverse

from kring.organisations.models import Location, Person, Role, Room


def test_availability_grid_saves_ticked_blocks(practice, as_coordinator):
    lead = practice.lead

    response = as_coordinator.post(
        reverse("web:person_availability", args=[lead.pk]),
        {"mon__morning": "on", "mon__evening": "on", "thu__afternoon": "on"},
    )

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.availability == {"mon": ["morning", "evening"], "thu": ["afternoon"]}


def test_availability_grid_shows_current_availability(practice, as_coordinator):
    practice.lead.availability = {"wed": ["evening"]}
    practice.lead.save()

    response = as_coordinator.get(reverse("web:person_availability", args=[practice.lead.pk]))

    form = response.context["form"]
    assert form["wed__evening"].value() is True
    assert form["wed__morning"].value() is False
    assert 'name="wed__evening" id="id_wed__evening" data-weekday="wed" data-daypart="evening" checked' in (
        response.content.decode()
    )


def test_unknown_grid_fields_are_ignored(practice, as_coordinator):
    as_coordinator.post(
        reverse("web:person_availability", args=[practice.lead.pk]),
        {"xyz__night": "on", "tue__evening": "on"},
    )

    practice.lead.refresh_from_db()
    assert practice.lead.availability == {"tue": ["evening"]}


def test_facilitator_sets_own_availability(practice, as_facilitator):
    response = as_facilitator.post(
        reverse("web:person_availability", args=[practice.co.pk]), {"fri__morning": "on"}
    )

    assert response.status_code == 302
    practice.co.refresh_from_db()
    assert practice.co.availability == {"fri": ["morning"]}


def test_add_person_with_roles(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:person_create"),
        {
            "given_name": "Ngozi",
            "family_name": "Ọkafor",
            "languages": "en, nl",
            "roles": [Role.Kind.CO_LEAD, Role.Kind.INTERPRETER],
            "locations": [practice.location.pk],
            "is_active": "on",
        },
    )

    person = Person.objects.get(given_name="Ngozi")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:person_availability", args=[person.pk])
    assert person.organisation == practice.organisation
    assert person.role_codes() == {Role.Kind.CO_LEAD, Role.Kind.INTERPRETER}
    assert person.languages == ["en", "nl"]


def test_edit_person_replaces_roles(practice, as_coordinator):
    lead = practice.lead
    data = {"given_name": lead.given_name, "family_name": lead.family_name, "roles": [Role.Kind.CO_LEAD]}

    as_coordinator.post(reverse("web:person_edit", args=[lead.pk]), data)

    assert lead.role_codes() == {Role.Kind.CO_LEAD}


def test_coordinator_cannot_drop_own_coordinator_role(practice, coordinator, as_coordinator):
    me = coordinator.people.get()
    data = {"given_name": me.given_name, "family_name": me.family_name, "roles": [Role.Kind.CZ_LEAD]}

    response = as_coordinator.post(reverse("web:person_edit", args=[me.pk]), data)

    assert response.status_code == 200
    assert "roles" in response.context["form"].errors
    assert me.role_codes() == {Role.Kind.COORDINATOR}


def test_person_with_markup_in_name_is_refused(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:person_create"), {"given_name": "<b>Eva</b>", "family_name": "Smit", "roles": []}
    )

    assert response.status_code == 200
    assert "given_name" in response.context["form"].errors
    assert not Person.objects.filter(family_name="Smit").exists()


def test_add_location_needs_an_address_unless_online(practice, as_coordinator):
    refused = as_coordinator.post(reverse("web:location_create"), {"name": "Zuid", "is_active": "on"})
    online = as_coordinator.post(
        reverse("web:location_create"), {"name": "Online", "online": "on", "is_active": "on"}
    )

    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert online.status_code == 302
    assert list(
        Location.objects.filter(organisation=practice.organisation).values_list("name", flat=True)
    ) == [
        "Centrum",
        "Online",
    ]


def test_location_postcode_is_normalised(practice, as_coordinator):
    as_coordinator.post(
        reverse("web:location_create"),
        {
            "name": "Zuid",
            "street": "Lindelaan 2",
            "postcode": "1234ab",
            "city": "Proefstad",
            "is_active": "on",
        },
    )

    assert Location.objects.get(name="Zuid").postcode == "1234 AB"


def test_duplicate_location_name_is_a_form_error(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:location_create"), {"name": practice.location.name, "online": "on", "is_active": "on"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Location.objects.filter(name=practice.location.name).count() == 1


def test_add_room_with_availability(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:room_create", args=[practice.location.pk]),
        {
            "name": "Zaal 2",
            "capacity_seats": 20,
            "cost_per_session": "35.50",
            "is_active": "on",
            "availability-tue__evening": "on",
        },
    )

    assert response.status_code == 302
    room = Room.objects.get(name="Zaal 2")
    assert room.location == practice.location
    assert room.availability == {"tue": ["evening"]}


def test_room_always_available_stores_no_restriction(practice, as_coordinator):
    as_coordinator.post(
        reverse("web:room_edit", args=[practice.room.pk]),
        {
            "name": practice.room.name,
            "capacity_seats": 12,
            "cost_per_session": "0",
            "availability-always": "on",
        },
    )

    practice.room.refresh_from_db()
    assert practice.room.availability is None
    assert practice.room.capacity_seats == 12


def test_room_with_zero_seats_is_refused(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:room_create", args=[practice.location.pk]), {"name": "Kast", "capacity_seats": 0}
    )

    assert response.status_code == 200
    assert "capacity_seats" in response.context["form"].errors
    assert not Room.objects.filter(name="Kast").exists()


def test_duplicate_room_name_is_a_form_error(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:room_create", args=[practice.location.pk]),
        {"name": practice.room.name, "capacity_seats": 10, "cost_per_session": "0"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors


def test_coordinator_adds_and_removes_an_absence(practice, as_coordinator):
    lead = practice.lead
    add = reverse("web:absence_add", args=[lead.pk])

    response = as_coordinator.post(
        add, {"first_day": "01-03-2027", "last_day": "14-03-2027", "reason": "Verlof"}
    )

    absence = lead.absences.get()
    assert response.status_code == 302
    assert (absence.first_day.isoformat(), absence.last_day.isoformat()) == ("2027-03-01", "2027-03-14")
    page = as_coordinator.get(reverse("web:person_detail", args=[lead.pk])).content.decode()
    assert "01-03-2027" in page and "Verlof" in page

    as_coordinator.post(reverse("web:absence_delete", args=[lead.pk, absence.pk]))
    assert not lead.absences.exists()


def test_absence_ending_before_it_starts_is_refused_once(practice, as_coordinator):
    response = as_coordinator.post(
        reverse("web:absence_add", args=[practice.lead.pk]),
        {"first_day": "14-03-2027", "last_day": "01-03-2027"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("De laatste dag kan niet vóór de eerste dag liggen.") == 1
    assert "absence_ordered" not in content
    assert not practice.lead.absences.exists()


def test_facilitator_records_own_absence_but_not_a_colleagues(practice, as_facilitator):
    own = as_facilitator.post(
        reverse("web:absence_add", args=[practice.co.pk]),
        {"first_day": "01-03-2027", "last_day": "02-03-2027"},
    )
    other = as_facilitator.post(
        reverse("web:absence_add", args=[practice.lead.pk]),
        {"first_day": "01-03-2027", "last_day": "02-03-2027"},
    )

    assert own.status_code == 302
    assert other.status_code == 403
    assert not practice.lead.absences.exists()


def test_outsider_cannot_touch_absences(practice, as_outsider):
    absence = practice.lead.absences.create(first_day="2027-03-01", last_day="2027-03-02")

    add = as_outsider.post(
        reverse("web:absence_add", args=[practice.lead.pk]),
        {"first_day": "01-03-2027", "last_day": "02-03-2027"},
    )
    delete = as_outsider.post(reverse("web:absence_delete", args=[practice.lead.pk, absence.pk]))

    assert (add.status_code, delete.status_code) == (404, 404)
    assert practice.lead.absences.count() == 1


def test_absence_of_another_person_cannot_be_removed_through_this_person(practice, as_coordinator):
    absence = practice.co.absences.create(first_day="2027-03-01", last_day="2027-03-02")

    response = as_coordinator.post(reverse("web:absence_delete", args=[practice.lead.pk, absence.pk]))

    assert response.status_code == 404
    assert practice.co.absences.exists()
