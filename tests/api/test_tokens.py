"""API tokens: made by a coordinator on a page, shown once, stored hashed, scoped to one
organisation, read-only or read-write, and refused once revoked."""

from __future__ import annotations

import hashlib
import re

from django.urls import reverse

from kring.api.models import ApiToken
from kring.api.tokens import create_token, revoke_token
from tests.api.conftest import api_client

NEW_CLIENT = {"programme": "CZ", "given_name": "Fatma", "family_name": "Yılmaz"}


def _due(world) -> str:
    return world.clients[0].due_date.isoformat()


def test_a_token_is_stored_only_as_its_hash(world):
    token, key = create_token(world.practice.org, world.coordinator, name="agenda", read_only=True)

    assert key.startswith(f"kring_{token.prefix}_") and len(key) > 50
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {getattr(token, f.attname) for f in ApiToken._meta.fields}


def test_only_a_coordinator_may_make_a_token(world):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create_token(world.practice.org, world.midwife, name="x", read_only=True)
    with pytest.raises(PermissionDenied):
        create_token(world.practice.org, world.outsider, name="x", read_only=True)


def test_the_coordinators_page_makes_a_token_and_shows_it_once(world, client):
    client.force_login(world.coordinator)
    url = reverse("api_tokens:list")

    made = client.post(url, {"name": "Agenda-koppeling", "read_only": ""})
    again = client.get(url)

    key = re.search(r"kring_[0-9a-f]{12}_[\w-]+", made.content.decode()).group(0)
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    assert key not in again.content.decode() and "Agenda-koppeling" in again.content.decode()
    token = ApiToken.objects.get(name="Agenda-koppeling")
    assert token.organisation == world.practice.org and token.read_only is False
    assert api_client(key).get("/api/v1/clients/").status_code == 200


def test_the_page_is_for_coordinators_only(world, client):
    client.force_login(world.midwife)

    assert client.get(reverse("api_tokens:list")).status_code == 403
    assert client.post(reverse("api_tokens:list"), {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_revoking_on_the_page_ends_the_token(world, keys, client):
    token = ApiToken.objects.get(name="agenda")
    client.force_login(world.coordinator)

    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))

    assert response.status_code == 302
    refused = api_client(keys.write).get("/api/v1/clients/")
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"] or "ingetrokken" in refused.json()["detail"]


def test_an_outsider_cannot_revoke_another_organisations_token(world, keys, client):
    token = ApiToken.objects.get(name="agenda")
    client.force_login(world.outsider)

    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_read_only_token_reads_but_never_writes(world, keys):
    reader = api_client(keys.read)
    before = world.practice.org.clients.count()

    assert reader.get("/api/v1/clients/").status_code == 200
    created = reader.post("/api/v1/clients/", {**NEW_CLIENT, "due_date": _due(world)}, format="json")
    changed = reader.patch(f"/api/v1/clients/{world.clients[0].pk}/", {"given_name": "X"}, format="json")
    planned = reader.post("/api/v1/planner-runs/", {"method": "greedy"}, format="json")

    assert [created.status_code, changed.status_code, planned.status_code] == [403, 403, 403]
    assert world.practice.org.clients.count() == before
    world.clients[0].refresh_from_db()
    assert world.clients[0].given_name == "Ayşe"


def test_unknown_malformed_and_missing_tokens_get_401(world, keys):
    revoked = ApiToken.objects.get(name="rapportage")
    revoke_token(revoked)

    statuses = [
        api_client(key).get("/api/v1/clients/").status_code
        for key in (keys.read, keys.write[:-2] + "xx", "kring_nonsense", "plain")
    ]
    anonymous = api_client().get("/api/v1/clients/")

    assert statuses == [401, 401, 401, 401]
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")


def test_a_token_sees_only_its_own_organisation(world, keys):
    mine = api_client(keys.write).get("/api/v1/organisations/").json()
    theirs = api_client(keys.outsider).get("/api/v1/clients/").json()

    assert [o["id"] for o in mine["results"]] == [world.practice.org.pk]
    assert [c["id"] for c in theirs["results"]] == [world.other_client.pk]


def test_a_token_stops_working_when_its_maker_leaves(world, keys):
    world.coordinator.is_active = False
    world.coordinator.save()

    assert api_client(keys.write).get("/api/v1/clients/").status_code == 401
