"""A small organisation built by hand, with answers worked out on paper (year 2025):

Practice "Verloskundigenpraktijk Rekenhulp", one location and room, one CZ lead (trained
1 March 2024) and a co-facilitator.

- group A (CZ, finished): sessions 1-4 on 4 Mar, 1 Apr, 6 May, 3 Jun 2025 (held) and 5 on
  1 Jul 2025 (cancelled); members registered 1 Feb, 18 Feb, 4 Jan 2025 -> waits 31, 14, 59 days
- group B (CZ, running): sessions 1-2 on 2 and 30 Sep 2025; members registered 5 and 26 Aug
  2025 -> waits 28 and 7 days
- group C (CZ, cancelled): session 1 on 7 Oct 2025 (cancelled), no members

Outcomes: births of clients 1-4 with breastfeeding started yes, yes, yes, no (client 5 has no
birth yet: missing); pain relief medical for client 1, none for client 2 (others missing).

So, as kring.evaluation.measures counts them for 2025: 5 participants, 2 groups (both CZ),
5 sessions held and 2 cancelled, 1 group cancelled, a median wait of 28 days over 5 clients,
sessions held per month Mar-Jun 1 each and Sep 1; breastfeeding 3 of 4 known = 75 % with
1 missing; medical pain relief 1 of 2 known = 50 % with 3 missing.

Fidelity: one self-check (session A1) meeting 12 of 13 elements (92.3 %); element 7 slipped.
Costs with the default rates (lead EUR 60/h, co EUR 35/h, 30 min preparation, 120 min
sessions, room EUR 40, training EUR 710 over 5 years shared by the 2 groups): group A 4 held
sessions = 10 h x 95 + 160 + 71 = EUR 1,181.00; group B 1 held = 237.50 + 40 + 71 =
EUR 348.50; total EUR 1,529.50, EUR 305.90 per participant; no NZa income (no attendance).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kring.accounts.models import User
from kring.care.models import Client, Group, Session
from kring.organisations.models import Organisation, Role, Training
from kring.records.models import Birth, Outcome
from kring.records.services.fidelity import record_self_check
from tests.factories import (
    ClientFactory,
    EnrolmentFactory,
    GroupFactory,
    LocationFactory,
    OrganisationFactory,
    PersonFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)

AMS = ZoneInfo("Europe/Amsterdam")
YEAR = 2025


@dataclass
class Rekenhulp:
    organisation: Organisation
    coordinator: User
    facilitator: User
    clients: list[Client]
    groups: dict[str, Group]


def _registered(client: Client, day: dt.date) -> None:
    """Set the intake date (created_at is filled automatically on save)."""
    Client.objects.filter(pk=client.pk).update(created_at=dt.datetime.combine(day, dt.time(10), tzinfo=AMS))


def build_rekenhulp(name: str = "Verloskundigenpraktijk Rekenhulp", slug: str = "rekenhulp") -> Rekenhulp:
    organisation = OrganisationFactory(name=name, slug=slug)
    location = LocationFactory(organisation=organisation, name="Centrum")
    room = RoomFactory(location=location, name="Kringzaal")
    lead = PersonFactory(organisation=organisation, given_name="Lieke", roles=[Role.Kind.CZ_LEAD])
    Training.objects.create(person=lead, programme="CZ", trained_on=dt.date(2024, 3, 1))
    co = PersonFactory(organisation=organisation, given_name="Cora", roles=[Role.Kind.CO_FACILITATOR])
    coordinator = UserFactory(username=f"{slug}-coordinator")
    PersonFactory(
        organisation=organisation, user=coordinator, given_name="Coby", roles=[Role.Kind.COORDINATOR]
    )
    facilitator = UserFactory(username=f"{slug}-facilitator")
    co.user = facilitator
    co.save()

    def group(label: str, status: str) -> Group:
        return GroupFactory(
            organisation=organisation, location=location, name=f"CZ {label}", lead=lead, co=co, status=status
        )

    groups = {
        "A": group("A", Group.Status.FINISHED),
        "B": group("B", Group.Status.RUNNING),
        "C": group("C", Group.Status.CANCELLED),
    }
    plan = {
        "A": [
            (1, dt.date(2025, 3, 4), Session.Status.HELD),
            (2, dt.date(2025, 4, 1), Session.Status.HELD),
            (3, dt.date(2025, 5, 6), Session.Status.HELD),
            (4, dt.date(2025, 6, 3), Session.Status.HELD),
            (5, dt.date(2025, 7, 1), Session.Status.CANCELLED),
        ],
        "B": [
            (1, dt.date(2025, 9, 2), Session.Status.HELD),
            (2, dt.date(2025, 9, 30), Session.Status.PLANNED),
        ],
        "C": [(1, dt.date(2025, 10, 7), Session.Status.CANCELLED)],
    }
    sessions_made = {}
    for label, sessions in plan.items():
        for number, day, status in sessions:
            sessions_made[(label, number)] = SessionFactory(
                group=groups[label], room=room, number=number, date=day, status=status
            )
    # one self-check: every element "usually" (2) except stable leadership (E07) "sometimes"
    scores = {f"E{n:02d}": 2 for n in range(1, 14)} | {"E07": 1}
    record_self_check(sessions_made[("A", 1)], scores, by=facilitator)
    members = {
        "A": [dt.date(2025, 2, 1), dt.date(2025, 2, 18), dt.date(2025, 1, 4)],
        "B": [dt.date(2025, 8, 5), dt.date(2025, 8, 26)],
    }
    clients = []
    for label, intakes in members.items():
        for intake in intakes:
            client = ClientFactory(organisation=organisation, due_date=intake + dt.timedelta(weeks=30))
            _registered(client, intake)
            EnrolmentFactory(group=groups[label], client=client, joined_on=intake)
            clients.append(client)
    for client, breastfeeding in zip(clients, ["yes", "yes", "yes", "no"], strict=False):
        Birth.objects.create(
            client=client,
            born_on=dt.date(2025, 10, 1),
            birth_weight_g=3400,
            breastfeeding_started=breastfeeding,
            registered_by=coordinator,
        )
    Outcome.objects.create(client=clients[0], pain_relief_in_labour="medical", updated_by=coordinator)
    Outcome.objects.create(client=clients[1], pain_relief_in_labour="none", updated_by=coordinator)
    return Rekenhulp(organisation, coordinator, facilitator, clients, groups)
