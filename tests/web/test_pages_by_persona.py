"""Every page as every persona (QUALITY.md "web"): what a coordinator, a CZ lead (midwife), a
co-facilitator, the privacy officer, an outsider from another organisation and an anonymous
visitor get. The outsider gets 404 for every object of the practice: ids reveal nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.conftest import logged_in

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


def page_urls(practice) -> dict[str, str]:
    p = practice
    return {
        "dashboard": reverse("web:dashboard"),
        "client_list": reverse("web:client_list"),
        "client_create": reverse("web:client_create"),
        "client_export": reverse("web:client_export"),
        "client_in_group": reverse("web:client_detail", args=[p.client.pk]),
        "client_waiting": reverse("web:client_detail", args=[p.waiting_client.pk]),
        "client_edit": reverse("web:client_edit", args=[p.client.pk]),
        "person_list": reverse("web:person_list"),
        "person_create": reverse("web:person_create"),
        "person_detail": reverse("web:person_detail", args=[p.lead.pk]),
        "person_edit": reverse("web:person_edit", args=[p.lead.pk]),
        "lead_availability": reverse("web:person_availability", args=[p.lead.pk]),
        "co_availability": reverse("web:person_availability", args=[p.co.pk]),
        "location_list": reverse("web:location_list"),
        "location_create": reverse("web:location_create"),
        "location_detail": reverse("web:location_detail", args=[p.location.pk]),
        "location_edit": reverse("web:location_edit", args=[p.location.pk]),
        "room_create": reverse("web:room_create", args=[p.location.pk]),
        "room_edit": reverse("web:room_edit", args=[p.room.pk]),
        "group_list": reverse("web:group_list"),
        "group_detail": reverse("web:group_detail", args=[p.group.pk]),
        "access_log": reverse("web:access_log"),
    }


# page: (coordinator, midwife = CZ lead, facilitator = the group's co, privacy officer, outsider)
EXPECTED = {
    "dashboard": (OK, OK, OK, OK, OK),
    "client_list": (OK, OK, OK, FORBIDDEN, OK),
    "client_create": (OK, OK, FORBIDDEN, FORBIDDEN, OK),
    "client_export": (OK, OK, OK, FORBIDDEN, OK),
    "client_in_group": (OK, OK, OK, FORBIDDEN, NOT_FOUND),
    "client_waiting": (OK, OK, NOT_FOUND, FORBIDDEN, NOT_FOUND),
    "client_edit": (OK, OK, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "person_list": (OK, OK, OK, OK, OK),
    "person_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "person_detail": (OK, OK, OK, OK, NOT_FOUND),
    "person_edit": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "lead_availability": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "co_availability": (OK, FORBIDDEN, OK, FORBIDDEN, NOT_FOUND),
    "location_list": (OK, OK, OK, OK, OK),
    "location_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "location_detail": (OK, OK, OK, OK, NOT_FOUND),
    "location_edit": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "room_create": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "room_edit": (OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "group_list": (OK, OK, OK, OK, OK),
    "group_detail": (OK, OK, OK, NOT_FOUND, NOT_FOUND),
    "access_log": (FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK),
}
PERSONAS = ("coordinator", "midwife", "facilitator", "privacy_officer", "outsider")


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_page_status_for_persona(page, persona, practice, request):
    user = request.getfixturevalue(persona)
    expected = EXPECTED[page][PERSONAS.index(persona)]

    response = logged_in(user).get(page_urls(practice)[page])

    assert response.status_code == expected


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_page_sends_anonymous_visitor_to_login(page, practice, client):
    url = page_urls(practice)[page]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:login')}?next={url}"


def test_outsider_lists_show_nothing_of_the_practice(practice, as_outsider):
    for name in ("client_list", "person_list", "location_list", "group_list", "dashboard"):
        content = as_outsider.get(page_urls(practice)[name]).content.decode()
        assert practice.organisation.name not in content
        assert practice.client.family_name not in content or practice.client.given_name not in content
        assert practice.location.name not in content
        assert practice.group.name not in content


def test_outsider_cannot_change_practice_objects_by_id(practice, as_outsider):
    family_name = practice.client.family_name
    urls = page_urls(practice)

    responses = [
        as_outsider.post(urls["client_edit"], {"given_name": "Hacked", "family_name": "Hacked"}),
        as_outsider.post(urls["person_edit"], {"given_name": "Hacked", "family_name": "Hacked"}),
        as_outsider.post(urls["lead_availability"], {"mon__morning": "on"}),
        as_outsider.post(urls["location_edit"], {"name": "Hacked", "online": "on"}),
        as_outsider.post(urls["room_edit"], {"name": "Hacked", "capacity_seats": 1}),
        as_outsider.post(urls["room_create"], {"name": "Hacked", "capacity_seats": 1}),
    ]

    assert [r.status_code for r in responses] == [NOT_FOUND] * len(responses)
    practice.client.refresh_from_db()
    practice.lead.refresh_from_db()
    practice.location.refresh_from_db()
    assert practice.client.family_name == family_name
    assert practice.lead.given_name != "Hacked"
    assert practice.location.name != "Hacked"
    assert not practice.location.rooms.filter(name="Hacked").exists()


def test_ids_that_do_not_exist_look_the_same_as_other_organisations(as_coordinator):
    assert as_coordinator.get(reverse("web:client_detail", args=[999_999])).status_code == NOT_FOUND
    assert as_coordinator.get(reverse("web:group_detail", args=[999_999])).status_code == NOT_FOUND


def test_facilitator_sees_only_clients_of_their_own_groups(practice, as_facilitator):
    content = as_facilitator.get(reverse("web:client_list")).content.decode()

    assert practice.client.given_name in content
    assert practice.waiting_client.given_name not in content


def test_privacy_officer_dashboard_explains_no_client_records(as_privacy_officer, practice):
    content = as_privacy_officer.get(reverse("web:dashboard")).content.decode()

    assert "toegangslog" in content
    assert practice.client.given_name not in content
    assert f'href="{reverse("web:client_list")}"' not in content  # no menu item that only says "no access"


def test_group_page_lists_members_for_coordinator(practice, as_coordinator):
    content = as_coordinator.get(reverse("web:group_detail", args=[practice.group.pk])).content.decode()

    assert practice.client.given_name in content
    assert reverse("web:client_detail", args=[practice.client.pk]) in content


def test_privacy_officer_reads_who_opened_which_record(
    practice, as_coordinator, as_privacy_officer, as_outsider
):
    as_coordinator.get(reverse("web:client_detail", args=[practice.client.pk]))

    own = as_privacy_officer.get(reverse("web:access_log"), {"client": practice.client.pk}).content.decode()
    other = as_outsider.get(reverse("web:access_log")).content.decode()

    assert "coordinator" in own
    assert reverse("web:client_detail", args=[practice.client.pk]) in own
    assert reverse("web:client_detail", args=[practice.client.pk]) not in other


def test_quiet_week_dashboard_shows_the_next_sessions(practice, as_coordinator):
    # The fixture's only session is next week: nothing this week, so the next ones are shown.
    content = as_coordinator.get(reverse("web:dashboard")).content.decode()

    assert "Deze week geen bijeenkomsten. De volgende:" in content
    assert reverse("web:group_detail", args=[practice.group.pk]) in content
