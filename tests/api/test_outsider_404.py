"""IDOR through the API (QUALITY.md): a token of another organisation gets 404 on every id of
the first, exactly as for an id that exists nowhere, for every method an endpoint takes; and
it changes and logs nothing. Routes are read from the router, so a new endpoint with an id
fails `test_every_route_with_an_id_is_covered` until this test knows it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kring.api.urls import router
from kring.audit.models import AccessLog
from kring.care.models import Client
from kring.planner.models import PlanningRun, PlanVersion
from tests.api.conftest import api_client
from tests.api.objects import practice_objects

MISSING = 987_654
METHODS = ("get", "post", "put", "patch", "delete")


def _routes_with_an_id() -> list[tuple[str, str]]:
    """(url name, basename) of every router URL that takes an id."""
    found = []
    for pattern in router.urls:
        if "<int:" in str(pattern.pattern):
            basename = pattern.name.rsplit("-", 1)[0]
            found.append((pattern.name, basename))
    return sorted(found)


ROUTES = _routes_with_an_id()


def test_every_route_with_an_id_is_covered(world):
    kinds = set(practice_objects(world))

    assert {basename for _name, basename in ROUTES} == kinds
    assert len(ROUTES) >= 17


def _url(name: str, basename: str, value: int) -> str:
    key = "number" if basename == "planversion" else "pk"
    return reverse(f"api:{name}", kwargs={key: value})


def _state(world) -> tuple:
    client = Client.objects.get(pk=world.clients[0].pk)
    return (
        client.given_name,
        client.family_name,
        PlanningRun.objects.filter(organisation=world.practice.org).values_list("status", "cancel_requested")[
            0
        ],
        PlanVersion.objects.filter(organisation=world.practice.org).count(),
    )


@pytest.mark.parametrize(("name", "basename"), ROUTES)
def test_another_organisations_token_gets_404_on_every_id(world, keys, name, basename):
    ids = practice_objects(world)
    outsider = api_client(keys.outsider)
    log_before = AccessLog.objects.filter(organisation=world.practice.org).count()
    state_before = _state(world)
    body = {"given_name": "Gehackt", "family_name": "Gehackt"}

    statuses = {
        m: getattr(outsider, m)(_url(name, basename, ids[basename]), body, format="json").status_code
        for m in METHODS
    }
    missing = {
        m: getattr(outsider, m)(_url(name, basename, MISSING), body, format="json").status_code
        for m in METHODS
    }

    assert statuses == missing
    assert set(statuses.values()) <= {404, 405}
    assert (
        statuses["get" if name.endswith("detail") or name.endswith(("plan", "instance")) else "post"] == 404
    )
    assert AccessLog.objects.filter(organisation=world.practice.org).count() == log_before
    assert AccessLog.objects.filter(client_id=world.clients[0].pk).count() == 0
    assert _state(world) == state_before


def test_the_practices_own_token_reaches_the_same_ids(world, api):
    ids = practice_objects(world)

    statuses = {
        name: api.get(_url(name, basename, ids[basename])).status_code
        for name, basename in ROUTES
        if name.endswith("-detail")
    }

    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("resource", ["attendance", "measurements"])
def test_writing_about_another_organisations_client_is_a_404(world, keys, resource):
    body = {
        "session": world.session.pk,
        "client": world.clients[0].pk,
        "status": "present",
        "measured_by": "professional",
        "values": {"weight": "70"},
    }
    missing = {**body, "session": MISSING, "client": MISSING}

    response = api_client(keys.outsider).post(f"/api/v1/{resource}/", body, format="json")
    nowhere = api_client(keys.outsider).post(f"/api/v1/{resource}/", missing, format="json")

    assert response.status_code == nowhere.status_code == 404
    assert response.json() == nowhere.json()
    assert world.clients[0].measurements.count() == 0 and world.clients[0].attendances.count() == 0
