"""Issue 2, point 4 (QUALITY.md "IDOR"): an outsider from another organisation gets 404 for every
object of the first, on every URL of kring.web, kring.calendars, kring.records and kring.planner
that takes an object id, exactly as for an id that does not exist, and nothing is changed or
logged about the first organisation's clients.

The URL patterns are read from the URL configuration, so a new page with an id that this test
does not know about fails `test_every_url_with_an_id_is_covered` until it is added here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from kring.audit.models import AccessLog
from kring.organisations.models import Absence
from kring.planner.models import OutboxMessage, Pin, PlanningRun, PlanVersion
from kring.records.models import CoProposal, FollowUp, ParticipantLink
from tests.records.builders import build_world

NAMESPACES = ("web", "calendars", "records", "planner")
MISSING = 987_654  # an id that exists nowhere
METHODS = ("get", "post")


@dataclass
class Objects:
    world: object
    absence: Absence
    follow_up: FollowUp
    link: ParticipantLink
    proposal: CoProposal
    run: PlanningRun
    pin: Pin
    version: PlanVersion
    message: OutboxMessage


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def objects(db) -> Objects:
    """The first organisation's objects of every kind that a URL names by id."""
    world = build_world()
    client = world.clients[0]
    lead = world.group.lead
    coordinator = world.coordinator
    run = PlanningRun.objects.create(
        organisation=world.practice.org, created_by=coordinator, instance={}, status=PlanningRun.Status.DONE
    )
    version = PlanVersion.objects.create(
        organisation=world.practice.org, number=1, run=run, published_by=coordinator
    )
    return Objects(
        world=world,
        absence=Absence.objects.create(
            person=lead, first_day=timezone.localdate(), last_day=timezone.localdate() + dt.timedelta(days=2)
        ),
        follow_up=FollowUp.objects.create(client=client, session=world.session),
        link=ParticipantLink.objects.create(
            client=client,
            token_hash="f" * 64,
            created_by=coordinator,
            expires_at=timezone.now() + dt.timedelta(days=30),
        ),
        proposal=CoProposal.objects.create(
            cz_group=world.group, jgz_organisation=world.jgz.org, proposed_by=coordinator
        ),
        run=run,
        pin=Pin.objects.create(run=run, kind=Pin.Kind.choices[0][0], group="g1"),
        version=version,
        message=OutboxMessage.objects.create(
            organisation=world.practice.org,
            version=version,
            client=client,
            kind="invitation",
            subject="Uitnodiging",
            body="Tot dan",
        ),
    )


# URL name → the first organisation's kwargs for it, and the same with ids that exist nowhere.
def _session_client(o):
    return {"pk": o.world.session.pk, "client_pk": o.world.clients[0].pk}


KWARGS = {
    "web:client_detail": lambda o: {"pk": o.world.clients[0].pk},
    "web:client_edit": lambda o: {"pk": o.world.clients[0].pk},
    "web:person_detail": lambda o: {"pk": o.world.group.lead.pk},
    "web:person_edit": lambda o: {"pk": o.world.group.lead.pk},
    "web:person_availability": lambda o: {"pk": o.world.group.lead.pk},
    "web:absence_add": lambda o: {"pk": o.world.group.lead.pk},
    "web:absence_delete": lambda o: {"pk": o.world.group.lead.pk, "absence_pk": o.absence.pk},
    "web:location_detail": lambda o: {"pk": o.world.practice.location.pk},
    "web:location_edit": lambda o: {"pk": o.world.practice.location.pk},
    "web:room_create": lambda o: {"pk": o.world.practice.location.pk},
    "web:room_edit": lambda o: {"pk": o.world.practice.room.pk},
    "web:group_detail": lambda o: {"pk": o.world.group.pk},
    "records:session_day": lambda o: {"pk": o.world.session.pk},
    "records:topics": lambda o: {"pk": o.world.session.pk},
    "records:close": lambda o: {"pk": o.world.session.pk},
    "records:self_check": lambda o: {"pk": o.world.session.pk},
    "records:participant": _session_client,
    "records:attendance": _session_client,
    "records:check": _session_client,
    "records:note": _session_client,
    "records:refer": _session_client,
    "records:self_picker": lambda o: {"pk": o.world.session.pk},
    "records:self_entry": _session_client,
    "records:kiosk_unlock": lambda o: {"pk": o.world.session.pk},
    "records:record": lambda o: {"pk": o.world.clients[0].pk},
    "records:birth": lambda o: {"pk": o.world.clients[0].pk},
    "records:outcome": lambda o: {"pk": o.world.clients[0].pk},
    "records:photo": lambda o: {"pk": o.world.clients[0].pk},
    "records:photo_upload": lambda o: {"pk": o.world.clients[0].pk},
    "records:photo_remove": lambda o: {"pk": o.world.clients[0].pk},
    "records:make_link": lambda o: {"pk": o.world.clients[0].pk},
    "records:revoke_link": lambda o: {"pk": o.world.clients[0].pk, "link_pk": o.link.pk},
    "records:follow_up_update": lambda o: {"pk": o.follow_up.pk},
    "records:group_pathway": lambda o: {"pk": o.world.group.pk},
    "records:invite_guest": lambda o: {"pk": o.world.group.pk},
    "records:propose": lambda o: {"pk": o.world.group.pk},
    "records:proposal_detail": lambda o: {"pk": o.proposal.pk},
    "records:proposal_decline": lambda o: {"pk": o.proposal.pk},
    "records:proposal_kickoff": lambda o: {"pk": o.proposal.pk},
    "calendars:client_link": lambda o: {"pk": o.world.clients[0].pk},
    "calendars:group_schedule": lambda o: {"pk": o.world.group.pk},
    "planner:run": lambda o: {"pk": o.run.pk},
    "planner:status": lambda o: {"pk": o.run.pk},
    "planner:cancel": lambda o: {"pk": o.run.pk},
    "planner:instance": lambda o: {"pk": o.run.pk},
    "planner:edit": lambda o: {"pk": o.run.pk, "kind": "session"},
    "planner:pin_delete": lambda o: {"pk": o.run.pk, "pin": o.pin.pk},
    "planner:replan": lambda o: {"pk": o.run.pk},
    "planner:publish": lambda o: {"pk": o.run.pk},
    "planner:version": lambda o: {"number": o.version.number},
    "planner:outbox_ics": lambda o: {"pk": o.message.pk},
    "planner:absence": lambda o: {"pk": o.absence.pk},
}
CALENDAR_SUBJECTS = {
    "person": lambda o: o.world.group.lead.pk,
    "client": lambda o: o.world.clients[0].pk,
    "room": lambda o: o.world.practice.room.pk,
    "group": lambda o: o.world.group.pk,
}
for _kind, _pk in CALENDAR_SUBJECTS.items():
    for _action in ("renew", "revoke"):
        KWARGS[f"calendars:change_link/{_kind}/{_action}"] = lambda o, kind=_kind, pk=_pk, action=_action: {
            "kind": kind,
            "pk": pk(o),
            "action": action,
        }


def _patterns_with_an_id() -> set[str]:
    """`namespace:name` of every URL in our four apps with an int converter."""
    found = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            for pattern in entry.url_patterns:
                if "<int:" in str(pattern.pattern):
                    found.add(f"{entry.namespace}:{pattern.name}")
    return found


def _url(name: str, kwargs: dict) -> str:
    return reverse(name.split("/")[0], kwargs=kwargs)


def _missing(kwargs: dict) -> dict:
    return {key: (MISSING if isinstance(value, int) else value) for key, value in kwargs.items()}


def test_every_url_with_an_id_is_covered():
    covered = {name.split("/")[0] for name in KWARGS}

    assert _patterns_with_an_id() - covered == set()
    assert len(_patterns_with_an_id()) >= 50


@pytest.mark.parametrize("name", sorted(KWARGS))
def test_outsider_gets_404_for_the_first_organisations_object(name, objects, client):
    world = objects.world
    kwargs = KWARGS[name](objects)
    client.force_login(world.outsider)
    log_before = AccessLog.objects.filter(client__organisation=world.practice.org).count()
    state_before = _state(objects)

    statuses = {method: getattr(client, method)(_url(name, kwargs)).status_code for method in METHODS}
    missing = {
        method: getattr(client, method)(_url(name, _missing(kwargs))).status_code for method in METHODS
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

    statuses = [client.get(_url(name, KWARGS[name](objects))).status_code for name in names]

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
    )
