"""What every endpoint shares: pages of at most 100 with count/next/previous/results, stable
ordering, filters, ETag/If-None-Match, Idempotency-Key, JSON errors in the caller's language,
session login with CSRF, and a constant number of queries per list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from kring.care.models import Client
from tests.api.conftest import api_client


def _add_clients(world, count: int) -> list[Client]:
    due = timezone.localdate() + dt.timedelta(weeks=25)
    return Client.objects.bulk_create(
        Client(
            organisation=world.practice.org,
            programme=world.practice.programmes["CZ"],
            given_name=f"Moeder{k:03d}",
            family_name="Zelfde",  # one family name: ordering must fall back to the id
            due_date=due,
            languages=["nl"],
        )
        for k in range(count)
    )


def test_pages_have_count_next_previous_results_and_never_more_than_100(world, api):
    _add_clients(world, 130)

    first = api.get("/api/v1/clients/", {"page_size": 1000}).json()
    second = api.get(first["next"]).json()

    assert first["count"] == 133
    assert len(first["results"]) == 100 and first["previous"] is None
    assert len(second["results"]) == 33 and second["next"] is None and second["previous"]
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert len(set(ids)) == 133  # stable order: no client twice, none missing


def test_the_default_page_is_25_and_ordering_is_stable_with_ties(world, api):
    _add_clients(world, 30)

    pages = [api.get("/api/v1/clients/", {"ordering": "family_name", "page": n}).json() for n in (1, 2)]
    again = api.get("/api/v1/clients/", {"ordering": "family_name", "page": 1}).json()

    assert len(pages[0]["results"]) == 25
    assert pages[0]["results"] == again["results"]
    same = [c["id"] for page in pages for c in page["results"] if c["family_name"] == "Zelfde"]
    assert same == sorted(same)


def test_a_page_past_the_end_is_a_json_404(world, api):
    response = api.get("/api/v1/clients/", {"page": 99})

    assert response.status_code == 404 and "detail" in response.json()


def test_filters_and_their_bad_values(world, api):
    waiting = Client.objects.create(
        organisation=world.practice.org,
        programme=world.practice.programmes["CZ"],
        given_name="Wacht",
        family_name="Lijst",
        due_date=world.clients[0].due_date,
    )

    on_list = api.get("/api/v1/clients/", {"waiting": "true"}).json()["results"]
    in_group = api.get("/api/v1/clients/", {"waiting": "false"}).json()["results"]
    bad = api.get("/api/v1/clients/", {"waiting": "misschien"})
    bad_order = api.get("/api/v1/clients/", {"ordering": "bsn"})
    sessions = api.get("/api/v1/sessions/", {"from": world.sessions[1].date.isoformat()}).json()

    assert [c["id"] for c in on_list] == [waiting.pk] and on_list[0]["waiting"] is True
    assert {c["id"] for c in in_group} == {c.pk for c in world.clients}
    assert bad.status_code == 400 and "waiting" in bad.json()
    assert bad_order.status_code == 400 and "ordering" in bad_order.json()
    assert sessions["count"] == 9


@pytest.mark.parametrize("url", ["/api/v1/clients/", "/api/v1/sessions/", "/api/v1/people/"])
def test_etag_and_if_none_match(world, api, url):
    first = api.get(url)
    unchanged = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert "Authorization" in first["Vary"]


def test_the_etag_changes_when_the_data_does(world, api):
    url = f"/api/v1/clients/{world.clients[0].pk}/"
    first = api.get(url)
    api.patch(url, {"called_name": "Ayşe C."}, format="json")

    after = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert after.status_code == 200 and after.json()["called_name"] == "Ayşe C."
    assert after["ETag"] != first["ETag"]


def _new_client(world, given="Fatma") -> dict:
    return {
        "programme": "CZ",
        "given_name": given,
        "family_name": "Yılmaz",
        "due_date": world.clients[0].due_date.isoformat(),
    }


def test_the_same_idempotency_key_and_body_make_one_client(world, api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "a1b2c3"}
    first = api.post("/api/v1/clients/", _new_client(world), format="json", **headers)
    second = api.post("/api/v1/clients/", _new_client(world), format="json", **headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Client.objects.filter(given_name="Fatma").count() == 1


def test_the_same_key_with_another_body_is_refused(world, api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "a1b2c3"}
    api.post("/api/v1/clients/", _new_client(world), format="json", **headers)

    other = api.post("/api/v1/clients/", _new_client(world, "Hatice"), format="json", **headers)

    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]
    assert not Client.objects.filter(given_name="Hatice").exists()


def test_a_refused_request_can_be_corrected_under_its_key(world, api):
    headers = {"HTTP_IDEMPOTENCY_KEY": "k-1"}
    bad = api.post("/api/v1/clients/", {**_new_client(world), "bsn": "123456789"}, format="json", **headers)
    good = api.post("/api/v1/clients/", _new_client(world), format="json", **headers)

    assert bad.status_code == 400 and good.status_code == 201


def test_keys_are_per_caller(world, api, keys):
    headers = {"HTTP_IDEMPOTENCY_KEY": "shared"}
    api.post("/api/v1/clients/", _new_client(world), format="json", **headers)
    other = api_client(keys.outsider).post(
        "/api/v1/clients/",
        {**_new_client(world), "due_date": world.other_client.due_date.isoformat()},
        format="json",
        **headers,
    )

    assert other.status_code == 201
    assert other.json()["id"] != Client.objects.get(organisation=world.practice.org, given_name="Fatma").pk


def test_errors_follow_accept_language(world, api):
    dutch = api.get("/api/v1/clients/987654/")
    english = api.get("/api/v1/clients/987654/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    bad_en = api.post(
        "/api/v1/clients/",
        {**_new_client(world), "bsn": "123456789"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert dutch.status_code == english.status_code == 404
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    assert dutch.json()["detail"] != english.json()["detail"]
    assert "BSN" in bad_en.json()["bsn"][0]


def test_session_login_works_and_needs_csrf_for_writes(world):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world.coordinator)

    listed = browser.get("/api/v1/clients/")
    refused = browser.post("/api/v1/clients/", _new_client(world), format="json")

    assert listed.status_code == 200 and listed.json()["count"] == 3
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Client.objects.filter(given_name="Fatma").exists()


def test_malformed_json_is_a_json_400(world, api):
    response = api.generic("POST", "/api/v1/clients/", "{not json", content_type="application/json")

    assert response.status_code == 400 and "detail" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/clients/",
        "/api/v1/people/",
        "/api/v1/sessions/",
        "/api/v1/enrolments/",
        "/api/v1/groups/",
        "/api/v1/rooms/",
        "/api/v1/measurements/",
        "/api/v1/attendance/",
    ],
)
def test_a_list_costs_the_same_number_of_queries_for_5_or_60_rows(world, api, url):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url, {"page_size": 100}).status_code == 200
        return len(queries)

    _grow(world, 5)
    count()  # the first use of a token also notes when it was used
    few = count()
    _grow(world, 55)
    assert count() == few


def _grow(world, n: int) -> None:
    """More of everything the lists show, in the practice's one group."""
    from kring.care.models import Enrolment
    from kring.organisations.models import Person, Role
    from kring.records.models import Attendance, Measurement

    today = timezone.localdate()
    for client in _add_clients(world, n):
        client.location_preferences.create(location=world.practice.location, rank=0)
        Enrolment.objects.create(
            client=client, group=world.group, status="left", joined_on=today, left_on=today
        )
        Attendance.objects.create(
            session=world.session, client=client, status="present", recorded_by=world.coordinator
        )
        Measurement.objects.create(
            client=client,
            session=world.session,
            kind="weight",
            value=70,
            unit="kg",
            loinc="29463-7",
            measured_by="professional",
            measured_at=timezone.now(),
        )
    for k in range(n):
        person = Person.objects.create(
            organisation=world.practice.org, given_name=f"P{k}", family_name="Extra"
        )
        Role.objects.create(person=person, role=Role.Kind.CO_FACILITATOR)
        person.locations.add(world.practice.location)


def test_an_unknown_field_is_named_instead_of_dropped(world, api):
    response = api.post("/api/v1/clients/", {**_new_client(world), "due-date": "2027-01-01"}, format="json")

    assert response.status_code == 400 and list(response.json()) == ["due-date"]
    assert not Client.objects.filter(given_name="Fatma").exists()


def test_a_huge_body_is_refused_before_it_is_read(world, api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = api.post("/api/v1/clients/", {**_new_client(world), "phone": "1" * 2000}, format="json")

    assert response.status_code == 413 and response.json()["detail"]
    assert not Client.objects.filter(given_name="Fatma").exists()


def test_a_session_without_its_second_factor_is_refused(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.coordinator, name="telefoon", confirmed=True)
    browser = APIClient()
    browser.force_login(world.coordinator)  # password only: the second factor was never given

    response = browser.get("/api/v1/clients/")

    assert response.status_code == 401 and response.json()["detail"]


def test_if_match_refuses_a_change_to_a_client_that_changed_since_it_was_read(world, api):
    url = f"/api/v1/clients/{world.clients[0].pk}/"
    seen = api.get(url)["ETag"]

    first = api.patch(url, {"phone": "0611111111"}, format="json", HTTP_IF_MATCH=seen)
    stale = api.patch(url, {"phone": "0622222222"}, format="json", HTTP_IF_MATCH=seen)
    fresh = api.patch(url, {"phone": "0633333333"}, format="json", HTTP_IF_MATCH=api.get(url)["ETag"])

    assert (first.status_code, stale.status_code, fresh.status_code) == (200, 412, 200)
    assert stale.json()["detail"]
    world.clients[0].refresh_from_db()
    assert world.clients[0].phone == "0633333333"
