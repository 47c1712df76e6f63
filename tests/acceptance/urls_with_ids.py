"""The first organisation's objects of every kind that a URL of ours names by id, and for each
such URL (read from the URL configuration) the kwargs that point at them. Shared by the
acceptance tests for IDOR and for the access log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from kring.api.models import ApiToken
from kring.api.tokens import create_token
from kring.care.models import Client
from kring.organisations.models import Absence
from kring.planner.models import OutboxMessage, Pin, PlanningRun, PlanVersion
from kring.records.models import (
    Attendance,
    CoProposal,
    CoProposalMember,
    FollowUp,
    Measurement,
    Outcome,
    ParticipantLink,
)
from kring.reports.models import AnnualReport
from tests.records.builders import build_world

NAMESPACES = ("web", "calendars", "records", "planner", "api", "api_tokens", "reports")
MISSING = 987_654  # an id that exists nowhere


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
    waiting: Client
    api_token: ApiToken
    measurement: Measurement
    attendance: Attendance
    outcome: Outcome
    report: AnnualReport


def build_objects() -> Objects:
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
    proposal = CoProposal.objects.create(
        cz_group=world.group, jgz_organisation=world.jgz.org, proposed_by=coordinator
    )
    CoProposalMember.objects.create(proposal=proposal, cz_client=world.clients[1], agrees=True)
    waiting = Client.objects.create(
        organisation=world.practice.org,
        programme=world.practice.programmes["CZ"],
        given_name="Zwaantje",
        family_name="Zonderbroek",
        due_date=client.due_date,
        languages=["nl"],
    )
    api_token, _key = create_token(world.practice.org, coordinator, name="agenda", read_only=False)
    measurement = Measurement.objects.create(
        client=client,
        session=world.session,
        kind="weight",
        value=71,
        unit="kg",
        loinc="29463-7",
        measured_by="professional",
        measured_at=timezone.now(),
    )
    attendance = Attendance.objects.create(
        session=world.session, client=client, status="present", recorded_by=coordinator
    )
    outcome = Outcome.objects.create(client=client, satisfaction_grade=8, updated_by=coordinator)
    return Objects(
        world=world,
        waiting=waiting,
        api_token=api_token,
        measurement=measurement,
        attendance=attendance,
        outcome=outcome,
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
        proposal=proposal,
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
        report=AnnualReport.objects.create(
            organisation=world.practice.org, year=2025, created_by=coordinator
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
    "planner:unplaced_csv": lambda o: {"pk": o.run.pk},
    "planner:edit": lambda o: {"pk": o.run.pk, "kind": "session"},
    "planner:pin_delete": lambda o: {"pk": o.run.pk, "pin": o.pin.pk},
    "planner:replan": lambda o: {"pk": o.run.pk},
    "planner:publish": lambda o: {"pk": o.run.pk},
    "planner:version": lambda o: {"number": o.version.number},
    "planner:outbox_ics": lambda o: {"pk": o.message.pk},
    "planner:absence": lambda o: {"pk": o.absence.pk},
    "reports:annual": lambda o: {"pk": o.report.pk},
    "reports:annual_status": lambda o: {"pk": o.report.pk},
    "reports:annual_download": lambda o: {"pk": o.report.pk},
}
# The REST API (kring.api): every route that takes an id, read from its router.
API_OBJECTS = {
    "organisation": lambda o: o.world.practice.org.pk,
    "location": lambda o: o.world.practice.location.pk,
    "room": lambda o: o.world.practice.room.pk,
    "person": lambda o: o.world.group.lead.pk,
    "client": lambda o: o.world.clients[0].pk,
    "group": lambda o: o.world.group.pk,
    "session": lambda o: o.world.session.pk,
    "enrolment": lambda o: o.world.clients[0].enrolments.get().pk,
    "attendance": lambda o: o.attendance.pk,
    "measurement": lambda o: o.measurement.pk,
    "outcome": lambda o: o.outcome.pk,
    "planningrun": lambda o: o.run.pk,
}
for _route in ("detail", "plan", "instance", "publish", "cancel"):
    for _basename, _pk in API_OBJECTS.items():
        if _route == "detail" or _basename == "planningrun":
            KWARGS[f"api:{_basename}-{_route}"] = lambda o, pk=_pk: {"pk": pk(o)}
KWARGS["api:planversion-detail"] = lambda o: {"number": o.version.number}
KWARGS["api_tokens:revoke"] = lambda o: {"pk": o.api_token.pk}
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


def patterns_with_an_id() -> set[str]:
    """`namespace:name` of every URL in our four apps with an int converter."""
    found = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            for pattern in entry.url_patterns:
                if "<int:" in str(pattern.pattern):
                    found.add(f"{entry.namespace}:{pattern.name}")
    return found


def url_for(name: str, kwargs: dict) -> str:
    return reverse(name.split("/")[0], kwargs=kwargs)
