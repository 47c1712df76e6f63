"""A small, fixed world for the records tests: a midwifery practice running one CZ group with a
session today, a JGZ organisation for the CO pathway, and an outsider organisation.

Personas: `coordinator` (Carla), `midwife` (Mira, CZ lead), `assistant` (Anna, co-facilitator),
`outsider` (Otto, coordinator of another practice: must see nothing), `jgz_coordinator` (Joke).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from kring.accounts.models import User
from kring.care.models import Client, Enrolment, Group, Programme, ProgrammeSession, Session
from kring.organisations.models import Daypart, Location, Organisation, Person, Role, Room

AMS = ZoneInfo("Europe/Amsterdam")
PASSWORD = "kring-test-password-1"

CZ_TOPICS = [
    {"code": "welcome", "nl": "Kennismaken", "en": "Getting to know each other"},
    {"code": "nutrition", "nl": "Voeding", "en": "Nutrition"},
    {"code": "discomforts", "nl": "Kwaaltjes", "en": "Common discomforts"},
]


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD)


def make_person(org: Organisation, username: str, given: str, *roles: str) -> Person:
    person = Person.objects.create(
        organisation=org, user=make_user(username), given_name=given, family_name="Test"
    )
    for role in roles:
        Role.objects.create(person=person, role=role)
    return person


def make_programme(org: Organisation, code: str) -> Programme:
    if code == "CZ":
        programme = Programme.objects.create(
            organisation=org,
            code="CZ",
            name="CenteringZwangerschap",
            anchor="due_date",
            group_min=8,
            group_target=10,
            group_max=12,
            anchor_spread_days=42,
            latest_join_session=3,
            min_days_between_sessions=10,
        )
        for number in range(1, 11):
            ProgrammeSession.objects.create(
                programme=programme,
                number=number,
                label=f"week {number}",
                offset_days=number * 14,
                topics=CZ_TOPICS
                if number == 1
                else [{"code": f"topic-{number}", "nl": f"Onderwerp {number}"}],
            )
    else:
        programme = Programme.objects.create(
            organisation=org,
            code="CO",
            name="CenteringOuderschap",
            anchor="birth_date",
            group_min=5,
            group_target=7,
            group_max=8,
            anchor_spread_days=42,
            latest_join_session=2,
            min_days_between_sessions=10,
        )
        for number in range(1, 9):
            ProgrammeSession.objects.create(
                programme=programme,
                number=number,
                label=f"{number} mo",
                offset_days=number * 30,
                topics=["sleep", "feeding"],
            )
    return programme


@dataclass
class Practice:
    org: Organisation
    location: Location
    room: Room
    daypart: Daypart
    programmes: dict[str, Programme] = field(default_factory=dict)


def make_practice(slug: str, kind: str = Organisation.Kind.MIDWIFERY_PRACTICE) -> Practice:
    org = Organisation.objects.create(name=slug.title(), slug=slug, kind=kind)
    location = Location.objects.create(organisation=org, name=f"{slug} centrum")
    room = Room.objects.create(location=location, name="Kringzaal", capacity_seats=24)
    daypart = Daypart.objects.create(
        organisation=org, code="evening", name="Avond", start=dt.time(19, 0), end=dt.time(21, 0)
    )
    return Practice(org, location, room, daypart)


def make_group(practice: Practice, code: str, lead: Person, co: Person, name: str) -> Group:
    return Group.objects.create(
        organisation=practice.org,
        programme=practice.programmes[code],
        name=name,
        location=practice.location,
        weekday="mon",
        daypart=practice.daypart,
        lead=lead,
        co=co,
        status=Group.Status.RUNNING,
    )


def make_session(group: Group, number: int, day: dt.date, room: Room) -> Session:
    start = dt.datetime.combine(day, dt.time(19, 0), tzinfo=AMS)
    return Session.objects.create(
        group=group,
        number=number,
        date=day,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        room=room,
        lead=group.lead,
        co=group.co,
    )


def make_client(
    practice: Practice,
    given: str,
    family: str,
    *,
    called: str = "",
    due: dt.date | None = None,
    baby_born: dt.date | None = None,
    code: str = "CZ",
) -> Client:
    return Client.objects.create(
        organisation=practice.org,
        programme=practice.programmes[code],
        given_name=given,
        family_name=family,
        called_name=called,
        due_date=due if code == "CZ" else None,
        baby_birth_date=baby_born,
        languages=["nl"],
    )


@dataclass
class World:
    practice: Practice
    jgz: Practice
    other: Practice
    coordinator: User
    midwife: User
    assistant: User
    outsider: User
    jgz_coordinator: User
    jgz_nurse: Person
    jgz_assistant: Person
    group: Group
    session: Session
    sessions: list[Session]
    clients: list[Client]
    other_session: Session
    other_client: Client


def build_world() -> World:
    today = timezone.localdate()
    practice = make_practice("vroedvrouwen-noord")
    practice.programmes = {"CZ": make_programme(practice.org, "CZ"), "CO": make_programme(practice.org, "CO")}
    coordinator = make_person(practice.org, "carla", "Carla", Role.Kind.COORDINATOR)
    midwife = make_person(practice.org, "mira", "Mira", Role.Kind.CZ_LEAD)
    assistant = make_person(practice.org, "anna", "Anna", Role.Kind.CO_FACILITATOR)
    make_person(practice.org, "petra", "Petra", Role.Kind.PRIVACY_OFFICER)
    group = make_group(practice, "CZ", midwife, assistant, "CZ Noord maandagavond")
    # Session 1 is today; 2..10 follow every two weeks (session 10 as the CO kick-off candidate).
    sessions = [
        make_session(group, n, today + dt.timedelta(days=14 * (n - 1)), practice.room) for n in range(1, 11)
    ]
    due = today + dt.timedelta(weeks=20)
    clients = [
        make_client(practice, "Ayşe", "Çelik", called="Ayşe", due=due),
        make_client(practice, "Ngozi", "Okafor", called="Ngo", due=due + dt.timedelta(days=5)),
        make_client(practice, "Mila", "de Vries", due=due - dt.timedelta(days=4)),
    ]
    for client in clients:
        Enrolment.objects.create(client=client, group=group, joined_on=today - dt.timedelta(days=7))

    jgz = make_practice("jgz-stad", Organisation.Kind.JGZ)
    jgz.programmes = {"CO": make_programme(jgz.org, "CO")}
    jgz_coordinator = make_person(jgz.org, "joke", "Joke", Role.Kind.COORDINATOR)
    jgz_nurse = make_person(jgz.org, "jet", "Jet", Role.Kind.CO_LEAD)
    jgz_assistant = make_person(jgz.org, "jip", "Jip", Role.Kind.CO_FACILITATOR)

    other = make_practice("andere-praktijk")
    other.programmes = {"CZ": make_programme(other.org, "CZ")}
    outsider = make_person(other.org, "otto", "Otto", Role.Kind.COORDINATOR, Role.Kind.CZ_LEAD)
    other_co = make_person(other.org, "olga", "Olga", Role.Kind.CO_FACILITATOR)
    other_group = make_group(other, "CZ", outsider, other_co, "CZ Elders")
    other_session = make_session(other_group, 1, today, other.room)
    other_client = make_client(other, "Olivia", "Anders", due=due)
    Enrolment.objects.create(client=other_client, group=other_group, joined_on=today - dt.timedelta(days=7))

    return World(
        practice=practice,
        jgz=jgz,
        other=other,
        coordinator=coordinator.user,
        midwife=midwife.user,
        assistant=assistant.user,
        outsider=outsider.user,
        jgz_coordinator=jgz_coordinator.user,
        jgz_nurse=jgz_nurse,
        jgz_assistant=jgz_assistant,
        group=group,
        session=sessions[0],
        sessions=sessions,
        clients=clients,
        other_session=other_session,
        other_client=other_client,
    )
