"""Issue 2, point 4 (QUALITY.md "IDOR"): an outsider from another organisation gets 404 for every
object of the first, on every URL of kring.web, kring.calendars, kring.records, kring.planner
and kring.api (its REST routes, with a session login, and the token page) that takes an object
id, exactly as for an id that does not exist, and nothing is changed or logged about the first
organisation's clients.

The URL patterns are read from the URL configuration, so a new page with an id that this test
does not know about fails `test_every_url_with_an_id_is_covered` until it is added here.
"""

from __future__ import annotations

import pytest

from kring.audit.models import AccessLog
from kring.organisations.models import Absence
from kring.planner.models import Pin, PlanVersion
from tests.acceptance.urls_with_ids import KWARGS, MISSING, Objects, patterns_with_an_id, url_for

METHODS = ("get", "post")


def _missing(kwargs: dict) -> dict:
    return {key: (MISSING if isinstance(value, int) else value) for key, value in kwargs.items()}


def test_every_url_with_an_id_is_covered():
    covered = {name.split("/")[0] for name in KWARGS}

    assert patterns_with_an_id() - covered == set()
    assert len(patterns_with_an_id()) >= 50


@pytest.mark.parametrize("name", sorted(KWARGS))
def test_outsider_gets_404_for_the_first_organisations_object(name, objects, client):
    world = objects.world
    kwargs = KWARGS[name](objects)
    client.force_login(world.outsider)
    log_before = AccessLog.objects.filter(client__organisation=world.practice.org).count()
    state_before = _state(objects)

    statuses = {method: getattr(client, method)(url_for(name, kwargs)).status_code for method in METHODS}
    missing = {
        method: getattr(client, method)(url_for(name, _missing(kwargs))).status_code for method in METHODS
    }

    # Exactly what an id that exists nowhere gets: 404, or 405 for a method the page never takes.
    assert statuses == missing
    assert set(statuses.values()) <= {404, 405}
    assert 404 in statuses.values()
    assert AccessLog.objects.filter(client__organisation=world.practice.org).count() == log_before
    assert _state(objects) == state_before


def test_the_first_organisations_coordinator_reaches_the_same_objects(objects, client):
    """The ids above are real: the practice's own coordinator opens the main pages (not 404)."""
    client.force_login(objects.world.coordinator)
    names = ["web:client_detail", "web:group_detail", "records:record", "records:session_day", "planner:run"]

    statuses = [client.get(url_for(name, KWARGS[name](objects))).status_code for name in names]

    assert statuses == [200] * len(names)


def _state(objects: Objects) -> tuple:
    """What a successful POST by the outsider would change."""
    world = objects.world
    client = world.clients[0]
    client.refresh_from_db()
    objects.run.refresh_from_db()
    objects.proposal.refresh_from_db()
    objects.link.refresh_from_db()
    objects.follow_up.refresh_from_db()
    objects.api_token.refresh_from_db()
    return (
        client.given_name,
        client.family_name,
        objects.run.status,
        objects.run.cancel_requested,
        objects.proposal.status,
        objects.link.revoked_at,
        objects.follow_up.status,
        Absence.objects.filter(pk=objects.absence.pk).exists(),
        Pin.objects.filter(pk=objects.pin.pk).exists(),
        world.practice.location.rooms.count(),
        PlanVersion.objects.filter(organisation=world.practice.org).count(),
        objects.api_token.revoked_at,
    )
