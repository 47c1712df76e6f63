"""Every client record read or written through the API is in the access log, as on the pages:
who, for which organisation, which client(s), what, from where, and through which token."""

from __future__ import annotations

import re

import pytest

from kring.audit.log import verify_chain
from kring.audit.models import AccessLog
from tests.api.conftest import api_client
from tests.api.objects import practice_objects

LISTED = re.compile(r"clients ([\d,]+)")


def _new_entries(since: int):
    return list(AccessLog.objects.filter(id__gt=since).order_by("id"))


def _last() -> int:
    return AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _listed(entry) -> set[int]:
    match = LISTED.search(entry.detail)
    return {int(pk) for pk in match.group(1).split(",")} if match else set()


def test_a_client_list_logs_every_client_on_the_page(world, api, keys):
    since = _last()

    response = api.get("/api/v1/clients/", {"page_size": 2}, REMOTE_ADDR="192.0.2.7")

    shown = {c["id"] for c in response.json()["results"]}
    [entry] = _new_entries(since)
    assert entry.action == AccessLog.Action.SEARCH
    assert _listed(entry) == shown and len(shown) == 2
    assert entry.user_id == world.coordinator.pk and entry.organisation_id == world.practice.org.pk
    assert entry.ip_address == "192.0.2.7" and entry.path.startswith("/api/v1/clients/")
    assert f"API token {keys.write.split('_')[1]}" in entry.detail
    assert "coordinator" in entry.role


def test_reading_one_client_logs_a_view(world, api):
    since = _last()

    api.get(f"/api/v1/clients/{world.clients[1].pk}/")

    [entry] = _new_entries(since)
    assert (entry.action, entry.client_id) == (AccessLog.Action.VIEW, world.clients[1].pk)


def test_creating_and_changing_a_client_are_logged(world, api):
    since = _last()
    due = world.clients[0].due_date.isoformat()

    created = api.post(
        "/api/v1/clients/",
        {"programme": "CZ", "given_name": "Fatma", "family_name": "Yılmaz", "due_date": due},
        format="json",
    ).json()
    api.patch(f"/api/v1/clients/{created['id']}/", {"phone": "0612345678"}, format="json")

    actions = [(e.action, e.client_id) for e in _new_entries(since)]
    assert actions == [(AccessLog.Action.CREATE, created["id"]), (AccessLog.Action.CHANGE, created["id"])]


def test_a_refused_change_logs_nothing_and_changes_nothing(world, api):
    since = _last()

    response = api.patch(f"/api/v1/clients/{world.clients[0].pk}/", {"bsn": "123456789"}, format="json")

    assert response.status_code == 400 and _new_entries(since) == []
    world.clients[0].refresh_from_db()
    assert world.clients[0].bsn == ""


@pytest.mark.parametrize("resource", ["enrolments", "attendance", "measurements", "outcomes"])
def test_lists_and_details_with_client_data_are_logged(world, api, resource):
    ids = practice_objects(world)
    basename = {
        "enrolments": "enrolment",
        "attendance": "attendance",
        "measurements": "measurement",
        "outcomes": "outcome",
    }
    since = _last()

    listed = api.get(f"/api/v1/{resource}/").json()["results"]
    api.get(f"/api/v1/{resource}/{ids[basename[resource]]}/")

    search, view = _new_entries(since)
    assert _listed(search) == {row["client"] for row in listed} and listed
    assert view.action == AccessLog.Action.VIEW and view.client_id == world.clients[0].pk


def test_lists_without_client_data_log_nothing(world, api):
    since = _last()

    for url in ("/api/v1/people/", "/api/v1/groups/", "/api/v1/sessions/", "/api/v1/rooms/"):
        api.get(url)

    assert _new_entries(since) == []


def test_session_users_are_logged_too_and_the_chain_holds(world, client):
    client.force_login(world.midwife)
    since = _last()

    client.get(f"/api/v1/clients/{world.clients[0].pk}/")

    [entry] = _new_entries(since)
    assert entry.user_id == world.midwife.pk and "API session" in entry.detail
    assert verify_chain().ok


def test_a_read_only_token_is_logged_as_itself(world, keys):
    since = _last()

    api_client(keys.read).get(f"/api/v1/clients/{world.clients[0].pk}/")

    [entry] = _new_entries(since)
    assert keys.read.split("_")[1] in entry.detail


def test_a_repeated_answer_to_an_idempotency_key_is_logged_as_a_read(world, api):
    body = {
        "programme": "CZ",
        "given_name": "Fatma",
        "family_name": "Yılmaz",
        "due_date": world.clients[0].due_date.isoformat(),
    }
    created = api.post("/api/v1/clients/", body, format="json", HTTP_IDEMPOTENCY_KEY="once").json()
    since = _last()

    api.post("/api/v1/clients/", body, format="json", HTTP_IDEMPOTENCY_KEY="once")

    [entry] = _new_entries(since)
    assert entry.action == AccessLog.Action.VIEW and _listed(entry) == {created["id"]}
