"""A small organisation built by hand, with every answer worked out on paper (year 2025).

Group A (CZ, location Centrum, Dutch, in person): six held sessions from January 2025;
participants a1..a6. Group B (CZ, location Online, English, online): two held sessions in
March 2025; participants b1, b2. Group X (cancelled) and group Y (first session in 2024, with
a participant whose outcomes must never count in 2025) are there to be left out.

Attendance (sessions came to): a1 6 (partner once), a2 5, a3 4, a4 2 (partner once),
a5 nothing recorded, a6 absent all 6; b1 2, b2 1.
  all: known 7, >=5: 2, missing 1, mean (6+5+4+2+0+2+1)/7 = 2.857 -> 2.9; partner yes 2.
Breastfeeding: a1 yes, a2 yes, a3 no, a4 birth with answer open, b1 yes -> 3 of 4, 4 missing.
Pain relief: a1 medical, a2 none, a3 non-medical, b1 medical, b2 open -> 2 of 4, 4 missing.
Smoking at intake: a1 yes, a2 yes, a3 no, a4 yes, b1 no -> 3 of 5, 3 missing.
At 36 weeks: a1 no, a2 yes, a3 no -> 1 of 3, 5 missing. After birth: a1 no -> 0 of 1, 7 missing.
Quit (intake smokers a1, a2, a4): a1 quit, a2 did not, a4 unknown -> 1 of 2, 1 missing.
Referral: a1 yes, a2 no, b2 no -> 1 of 3, 5 missing.
Blood pressure: a1 120/80, a2 145/85, a3 130/92 -> raised 2 of 3, 5 missing.
Satisfaction: survey a1 9, a2 7, b1 10 (her outcome says 6: the survey wins), outcome a3 8
  -> 4 known, 3 graded 8 or more, mean 8.5, 4 missing.
Location Centrum only: participants 6, attendance 2 of 5 (1 missing), mean 17/5 = 3.4.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from kring.accounts.models import User
from kring.care.models import Client, Group, Session
from kring.evaluation.models import SatisfactionResponse
from kring.organisations.models import Location, Organisation, Person, Role, Training
from kring.records.models import Attendance, Measurement
from kring.records.models.outcomes import Birth, Outcome
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
class Telling:
    organisation: Organisation
    coordinator: User
    facilitator: User
    lead: Person
    co: Person
    centrum: Location
    online: Location
    clients: dict[str, Client]
    groups: dict[str, Group]


def build_telling(slug: str = "telling") -> Telling:
    organisation = OrganisationFactory(name="Verloskundigen Telling", slug=slug)
    centrum = LocationFactory(organisation=organisation, name="Centrum")
    online = LocationFactory(
        organisation=organisation, name="Online", online=True, street="", postcode="", city=""
    )
    room = RoomFactory(location=centrum, name="Kringzaal", cost_per_session=Decimal("50.00"))
    online_room = RoomFactory(location=online, name="Video", cost_per_session=Decimal("0.00"))
    lead = PersonFactory(organisation=organisation, given_name="Lieke", roles=[Role.Kind.CZ_LEAD])
    Training.objects.create(person=lead, programme="CZ", trained_on=dt.date(2024, 3, 1))
    co = PersonFactory(organisation=organisation, given_name="Cora", roles=[Role.Kind.CO_FACILITATOR])
    coordinator = UserFactory(username=f"{slug}-coordinator")
    PersonFactory(
        organisation=organisation, user=coordinator, given_name="Coby", roles=[Role.Kind.COORDINATOR]
    )
    facilitator = UserFactory(username=f"{slug}-facilitator")
    lead.user = facilitator
    lead.save()

    def group(name: str, location: Location, language: str, status: str) -> Group:
        return GroupFactory(
            organisation=organisation,
            location=location,
            name=name,
            language=language,
            lead=lead,
            co=co,
            status=status,
        )

    groups = {
        "A": group("CZ A", centrum, "nl", Group.Status.FINISHED),
        "B": group("CZ B", online, "en", Group.Status.FINISHED),
        "X": group("CZ X", centrum, "nl", Group.Status.CANCELLED),
        "Y": group("CZ Y", centrum, "nl", Group.Status.FINISHED),
    }
    sessions: dict[str, list[Session]] = {}
    for label, first, count, status, where in (
        ("A", dt.date(2025, 1, 7), 6, Session.Status.HELD, room),
        ("B", dt.date(2025, 3, 5), 2, Session.Status.HELD, online_room),
        ("X", dt.date(2025, 5, 6), 1, Session.Status.CANCELLED, room),
        ("Y", dt.date(2024, 11, 5), 2, Session.Status.HELD, room),
    ):
        sessions[label] = [
            SessionFactory(
                group=groups[label],
                room=where,
                number=n + 1,
                date=first + dt.timedelta(weeks=2 * n),
                status=status,
            )
            for n in range(count)
        ]
    clients: dict[str, Client] = {}
    for label, names in (("A", ["a1", "a2", "a3", "a4", "a5", "a6"]), ("B", ["b1", "b2"]), ("Y", ["y1"])):
        for name in names:
            client = ClientFactory(
                organisation=organisation, given_name=name.upper(), due_date=dt.date(2025, 7, 1)
            )
            EnrolmentFactory(group=groups[label], client=client, joined_on=dt.date(2024, 10, 1))
            clients[name] = client

    def attend(name: str, label: str, came: int, partner_sessions: int = 0, record: bool = True) -> None:
        for index, session in enumerate(sessions[label]):
            status = Attendance.Status.PRESENT if index < came else Attendance.Status.ABSENT
            if index == 0 and came:
                status = Attendance.Status.LATE  # late counts as came
            Attendance.objects.create(
                session=session,
                client=clients[name],
                status=status,
                partner_present=index < partner_sessions,
                recorded_by=facilitator,
            )

    for name, came, partner in (("a1", 6, 1), ("a2", 5, 0), ("a3", 4, 0), ("a4", 2, 1), ("a6", 0, 0)):
        attend(name, "A", came, partner)
    attend("b1", "B", 2)
    attend("b2", "B", 1)
    attend("y1", "Y", 2, 2)

    for name, answer in (
        ("a1", "yes"),
        ("a2", "yes"),
        ("a3", "no"),
        ("a4", ""),
        ("b1", "yes"),
        ("y1", "yes"),
    ):
        Birth.objects.create(
            client=clients[name],
            born_on=dt.date(2025, 7, 1),
            birth_weight_g=3400,
            breastfeeding_started=answer,
            registered_by=facilitator,
        )
    outcomes = {
        "a1": {
            "pain_relief_in_labour": "medical",
            "smoking_at_intake": "yes",
            "smoking_at_36_weeks": "no",
            "smoking_after_birth": "no",
            "referred_in_pregnancy": "yes",
        },
        "a2": {
            "pain_relief_in_labour": "none",
            "smoking_at_intake": "yes",
            "smoking_at_36_weeks": "yes",
            "referred_in_pregnancy": "no",
        },
        "a3": {
            "pain_relief_in_labour": "non_medical",
            "smoking_at_intake": "no",
            "smoking_at_36_weeks": "no",
            "satisfaction_grade": 8,
        },
        "a4": {"smoking_at_intake": "yes"},
        "b1": {"pain_relief_in_labour": "medical", "smoking_at_intake": "no", "satisfaction_grade": 6},
        "b2": {"referred_in_pregnancy": "no"},
        "y1": {
            "pain_relief_in_labour": "medical",
            "smoking_at_intake": "yes",
            "referred_in_pregnancy": "yes",
            "satisfaction_grade": 2,
        },
    }
    for name, fields in outcomes.items():
        Outcome.objects.create(client=clients[name], updated_by=facilitator, **fields)
    measured_at = dt.datetime(2025, 2, 4, 19, 30, tzinfo=AMS)
    for name, systolic, diastolic in (("a1", 120, 80), ("a2", 145, 85), ("a3", 130, 92), ("y1", 160, 100)):
        for kind, value, unit in (("systolic", systolic, "mm[Hg]"), ("diastolic", diastolic, "mm[Hg]")):
            Measurement.objects.create(
                client=clients[name],
                kind=kind,
                value=value,
                unit=unit,
                loinc="8480-6",
                measured_by="professional",
                measured_at=measured_at,
            )
    for name, label, grade in (("a1", "A", 9), ("a2", "A", 7), ("b1", "B", 10)):
        SatisfactionResponse.objects.create(
            client=clients[name],
            group=groups[label],
            grade=grade,
            felt_prepared=3,
            learned_from_others=3,
            enough_time_with_midwife=2,
            would_recommend=3,
        )
    return Telling(organisation, coordinator, facilitator, lead, co, centrum, online, clients, groups)
