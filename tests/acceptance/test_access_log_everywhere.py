"""Issue 2, point 4 (QUALITY.md security baseline): every page of kring.web, kring.records,
kring.calendars and kring.planner that shows a client's name writes an access-log entry naming
that client, for every persona who can open it.

The pages are read from the URL configuration (ids from the outsider test's table), each is
opened with GET by each staff persona, and any client whose family, given or called name is in
the response must appear in an entry written by that request: as the entry's client, or in its
"clients 1,2,3" list.
"""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

from kring.audit.models import AccessLog
from tests.acceptance.urls_with_ids import KWARGS, NAMESPACES, url_for

PERSONAS = ("coordinator", "midwife", "assistant", "jgz_coordinator")
# Pages that never show client data or only act on a POST.
NOT_PAGES = {"web:login", "web:logout", "web:set_language", "web:switch_organisation", "web:access_log"}
LISTED = re.compile(r"clients(?: shown)?:? ([\d,]+)")


def _pages_without_id() -> list[str]:
    names = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            names += [f"{entry.namespace}:{p.name}" for p in entry.url_patterns if "<" not in str(p.pattern)]
    return sorted(set(names) - NOT_PAGES)


def _named_in(entries) -> set[int]:
    named = set()
    for entry in entries:
        if entry.client_id:
            named.add(entry.client_id)
        for match in LISTED.finditer(entry.detail):
            named |= {int(pk) for pk in match.group(1).split(",") if pk}
    return named


def _shows(body: str, client) -> bool:
    """Whether the page names the client: family, given or called name, as a whole word."""
    names = {client.family_name, client.given_name, client.called_name} - {""}
    return any(re.search(rf"\b{re.escape(name)}\b", body) for name in names)


PAGES = _pages_without_id() + sorted(KWARGS)


def test_the_sweep_covers_the_client_pages():
    for name in ("web:client_list", "web:client_export", "records:today", "planner:home", "calendars:links"):
        assert name in PAGES
    assert "web:client_detail" in PAGES and "records:record" in PAGES


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", PAGES)
def test_a_page_that_shows_a_client_logs_that_client(name, persona, objects, client):
    world = objects.world
    url = reverse(name) if name in _pages_without_id() else url_for(name, KWARGS[name](objects))
    client.force_login(getattr(world, persona))
    last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = client.get(url)

    body = response.content.decode("utf-8", "replace")
    shown = {c.pk for c in [*world.clients, objects.waiting] if _shows(body, c)}
    logged = _named_in(AccessLog.objects.filter(id__gt=last))
    assert shown - logged == set(), (
        f"{name} as {persona} ({response.status_code}) shows clients it did not log"
    )


def test_the_sweep_sees_names_where_they_are(objects, client):
    """The sweep is not vacuous: the coordinator's client list and session day show the names."""
    world = objects.world
    client.force_login(world.coordinator)
    last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0

    bodies = [client.get(reverse("web:client_list")).content.decode()]
    bodies.append(
        client.get(url_for("records:session_day", KWARGS["records:session_day"](objects))).content.decode()
    )

    assert all(_shows(body, world.clients[0]) for body in bodies)
    assert world.clients[0].pk in _named_in(AccessLog.objects.filter(id__gt=last))


def test_jgz_reading_a_co_proposal_is_logged_for_the_mothers_organisation(objects, client):
    """The JGZ coordinator sees the names of the CZ mothers who agreed: the CZ practice, which
    keeps their records, finds that in its own log."""
    world = objects.world
    client.force_login(world.jgz_coordinator)

    response = client.get(url_for("records:proposal_detail", KWARGS["records:proposal_detail"](objects)))

    assert response.status_code == 200 and _shows(response.content.decode(), world.clients[1])
    entry = AccessLog.objects.latest("id")
    assert entry.user == world.jgz_coordinator
    assert entry.organisation == world.practice.org
    assert entry.action == AccessLog.Action.SEARCH
    assert _named_in([entry]) == {world.clients[1].pk}
