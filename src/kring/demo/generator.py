"""A seeded, synthetic demo installation: a midwifery practice running CenteringZwangerschap
and a JGZ organisation running CenteringOuderschap, with staff, clients, running groups and
their past sessions. Dates are relative to `today`, so the demo always looks current.

Idempotent: an organisation that exists already is left as it is (its demo logins get their
password back), so `load_demo` twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import holidays
from django.db import transaction
from django.utils import timezone

from kring.accounts.models import User
from kring.care.models import Client, Enrolment, Group, LocationPreference, Programme, Session
from kring.care.programmes import set_up_organisation
from kring.care.scheduling import schedule_session
from kring.demo import history, names
from kring.demo.synthetic import synthetic_bsns
from kring.organisations.demo import DEMO_LOGINS, DEMO_PASSWORD
from kring.organisations.models import (
    Absence,
    ClosedDate,
    IntervisionMeeting,
    Location,
    Organisation,
    Person,
    Role,
    Room,
    RoomClosure,
    Training,
)
from kring.organisations.validators import WEEKDAYS

PRACTICE_SLUG = "linde"
JGZ_SLUG = "jgz-lindeveen"
CZ_CLIENTS = 150
CO_CLIENTS = 60
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYPARTS = ["morning", "afternoon", "evening"]


@dataclass
class DemoSummary:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=lambda: list(DEMO_LOGINS))


def load_demo(*, seed: int = 2027, today: dt.date | None = None) -> DemoSummary:
    today = today or timezone.localdate()
    summary = DemoSummary()
    with transaction.atomic():
        users = {username: _demo_user(username) for _role, username, _password in DEMO_LOGINS}
        builders = ((PRACTICE_SLUG, _build_practice), (JGZ_SLUG, _build_jgz))
        for offset, (slug, build) in enumerate(builders):
            existing = Organisation.objects.filter(slug=slug).first()
            if existing is not None:
                summary.kept.append(existing.name)
                continue
            organisation = build(random.Random(seed + offset), today, users)
            summary.created.append(organisation.name)
        from kring.reports.demo import NATIONAL_DEMO_LOGIN, set_up_national_demo

        set_up_national_demo(users[NATIONAL_DEMO_LOGIN], [slug for slug, _build in builders])
        from kring.evaluation.demo import add_evaluation_demo

        add_evaluation_demo([slug for slug, _build in builders], today, seed)
    return summary


def _demo_user(username: str) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={"email": username})
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save()
    return user


# Shared helpers --------------------------------------------------------------------------------


def _organisation(name: str, slug: str, kind: str, today: dt.date) -> Organisation:
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
    set_up_organisation(organisation)
    for day, reason in sorted(holidays.country_holidays("NL", years=[today.year, today.year + 1]).items()):
        ClosedDate.objects.create(organisation=organisation, date=day, reason=reason)
    return organisation


def _person(
    organisation,
    given,
    family,
    *,
    roles,
    languages=("nl",),
    user=None,
    profession="",
    locations=(),
    availability=None,
    trained_on=None,
    programme="CZ",
    max_week=3,
    max_groups=3,
) -> Person:
    person = Person(
        organisation=organisation,
        user=user,
        given_name=given,
        family_name=family,
        profession=profession,
        email=user.email if user else "",
        languages=list(languages),
        availability=availability or {day: list(ALL_DAYPARTS) for day in WORKDAYS},
        max_sessions_per_week=max_week,
        max_concurrent_groups=max_groups,
    )
    person.full_clean()
    person.save()
    person.locations.set(locations)
    for role in roles:
        Role.objects.create(person=person, role=role)
    if trained_on:
        training = Training.objects.create(
            person=person,
            programme=programme,
            trained_on=trained_on,
            certified_on=trained_on + dt.timedelta(days=540),
        )
        for months in (4, 8, 12):
            IntervisionMeeting.objects.create(
                training=training, held_on=trained_on + dt.timedelta(days=30 * months)
            )
    return person


def _room(location, name, seats, cost, availability=None) -> Room:
    room = Room(
        location=location, name=name, capacity_seats=seats, cost_per_session=cost, availability=availability
    )
    room.full_clean()
    room.save()
    return room


def _on_weekday(day: dt.date, weekday: str) -> dt.date:
    """The date on `weekday` nearest to `day`."""
    shift = (WEEKDAYS.index(weekday) - day.weekday()) % 7
    return day + dt.timedelta(days=shift if shift <= 3 else shift - 7)


# The example names the demo promises on the waiting list; nobody else gets them.
RESERVED_NAMES = {("Ayşe", "Çelik"), ("Ngozi", "Ọkafor"), ("فاطمة", "الحداد"), ("ሳባ", "ግርማይ")}
TURKISH_GIVEN = ["Ayşe", "Elif", "Zeynep", "Büşra", "Gülşen", "Özlem"]
TURKISH_FAMILY = ["Yılmaz", "Şahin", "Demir", "Kaya", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"]


def _unique_name(organisation, pick, reserved_ok: bool = False) -> tuple[str, str]:
    """A name nobody in the organisation has yet (a group with the same name three times
    confuses everyone who tries the demo). `pick()` draws a candidate."""
    for _attempt in range(500):
        given, family = pick()
        if (given, family) in RESERVED_NAMES and not reserved_ok:
            continue
        if not Client.objects.filter(
            organisation=organisation, given_name=given, family_name=family
        ).exists():
            return given, family
    raise RuntimeError("the demo ran out of unique names; add more to kring.demo.names")


def _pick_name(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(names.ARABIC_NAMES)
    if roll < 0.10:
        return rng.choice(names.TIGRINYA_NAMES)
    return rng.choice(names.GIVEN_NAMES), rng.choice(names.FAMILY_NAMES)


def _languages_for(rng: random.Random, given: str) -> list[str]:
    if given in {given for given, _ in names.ARABIC_NAMES}:
        return ["ar", "nl"] if rng.random() < 0.5 else ["ar", "en"]
    if given in {given for given, _ in names.TIGRINYA_NAMES}:
        return ["ti", "en"] if rng.random() < 0.5 else ["ti"]
    if given in {"Ayşe", "Elif", "Zeynep", "Büşra", "Gülşen", "Özlem"}:
        return ["tr", "nl"] if rng.random() < 0.6 else ["nl", "tr"]
    return ["nl", "en"] if rng.random() < 0.3 else ["nl"]


def _client(
    organisation,
    programme,
    rng,
    today,
    bsn,
    *,
    locations,
    anchor,
    baby_bsn="",
    baby_name="",
    languages=None,
    given_family=None,
) -> Client:
    if given_family in RESERVED_NAMES:
        given, family = _unique_name(organisation, lambda: given_family, reserved_ok=True)
    else:
        given, family = _unique_name(
            organisation, (lambda: given_family) if given_family else (lambda: _pick_name(rng))
        )
    client = Client(
        organisation=organisation,
        programme=programme,
        given_name=given,
        family_name=family,
        bsn=bsn,
        date_of_birth=today - dt.timedelta(days=rng.randint(20 * 365, 40 * 365)),
        email=f"deelnemer{bsn[-5:]}@example.invalid",
        phone=f"06 {rng.randint(10_000_000, 99_999_999)}",
        languages=languages or _languages_for(rng, given),
        # Most accept several dayparts and weekdays; a few are strict (e.g. evenings only).
        dayparts=rng.sample(ALL_DAYPARTS, 1 if rng.random() < 0.15 else rng.randint(2, 3)),
        weekdays=sorted(
            rng.sample(WORKDAYS, 2 if rng.random() < 0.15 else rng.randint(3, 5)), key=WORKDAYS.index
        ),
        consent_given_at=timezone.now() - dt.timedelta(days=rng.randint(1, 60)),
        consent_scope=rng.choice(Client.ConsentScope.values),
        available_from=today + dt.timedelta(days=rng.choice([0, 0, 0, 7, 14])),
    )
    if programme.code == "CZ":
        client.due_date = anchor
    else:
        client.baby_birth_date = anchor
        client.baby_bsn = baby_bsn
        client.baby_given_name = baby_name
        client.baby_sex = names.BABY_SEX.get(baby_name, "")
    client.full_clean()
    client.save()
    chosen = rng.sample(locations, len(locations) if rng.random() < 0.7 else 1)
    LocationPreference.objects.bulk_create(
        LocationPreference(client=client, location=location, rank=rank)
        for rank, location in enumerate(chosen)
    )
    return client


def _running_group(
    name,
    programme,
    *,
    location,
    room,
    weekday,
    daypart_code,
    lead,
    co,
    language,
    members,
    mid_anchor,
    last_anchor,
    today,
    status=Group.Status.RUNNING,
) -> Group:
    organisation = programme.organisation
    group = Group(
        organisation=organisation,
        programme=programme,
        name=name,
        location=location,
        language=language,
        weekday=weekday,
        daypart=organisation.dayparts.get(code=daypart_code),
        lead=lead,
        co=co,
        status=status,
        published_at=timezone.now() - dt.timedelta(days=30),
    )
    group.full_clean()
    group.save()
    first_session = None
    for plan in programme.sessions.order_by("number"):
        reference = last_anchor if plan.reference == "last" else mid_anchor
        date = _on_weekday(reference + dt.timedelta(days=plan.offset_days), weekday)
        session = schedule_session(group, number=plan.number, date=date, room=room)
        if date < today:
            Session.objects.filter(pk=session.pk).update(status=Session.Status.HELD)
        first_session = first_session or session
    for client in members:
        Enrolment.objects.create(client=client, group=group, joined_on=min(first_session.date, today))
    return group


# The midwifery practice ------------------------------------------------------------------------


def _build_practice(rng: random.Random, today: dt.date, users: dict[str, User]) -> Organisation:
    org = _organisation(
        "Verloskundigenpraktijk De Linde", PRACTICE_SLUG, Organisation.Kind.MIDWIFERY_PRACTICE, today
    )
    centrum = Location.objects.create(
        organisation=org,
        name="De Linde Centrum",
        street="Kastanjelaan 12",
        postcode="3512 AB",
        city="Lindeveen",
    )
    oost = Location.objects.create(
        organisation=org, name="De Linde Oost", street="Beukenhof 3", postcode="3525 CD", city="Lindeveen"
    )
    kringzaal = _room(centrum, "Kringzaal", 28, 45)
    tuinkamer = _room(
        centrum,
        "Tuinkamer",
        20,
        30,
        {
            "mon": ["morning", "afternoon"],
            "tue": ["morning", "afternoon", "evening"],
            "wed": ["morning", "afternoon"],
            "thu": ["morning", "afternoon", "evening"],
        },
    )
    groepsruimte = _room(
        oost, "Groepsruimte", 24, 35, {day: list(ALL_DAYPARTS) for day in ("tue", "wed", "thu")}
    )
    summer = dt.date(today.year + 1, 7, 20)
    RoomClosure.objects.create(
        room=kringzaal, first_day=summer, last_day=summer + dt.timedelta(days=13), reason="Zomeronderhoud"
    )

    both = [centrum, oost]
    _person(
        org,
        "Marieke",
        "Bos",
        roles=[Role.Kind.COORDINATOR],
        profession="praktijkcoördinator",
        user=users["coordinator@linde.example"],
        locations=both,
    )
    _person(
        org,
        "Jeroen",
        "Dijkstra",
        roles=[Role.Kind.PRIVACY_OFFICER],
        profession="functionaris gegevensbescherming",
        user=users["privacy@linde.example"],
        availability={},
    )
    trained = today - dt.timedelta(days=900)
    anna = _person(
        org,
        "Anna",
        "de Vries",
        roles=[Role.Kind.CZ_LEAD],
        profession="verloskundige",
        user=users["verloskundige@linde.example"],
        languages=("nl", "en"),
        locations=both,
        trained_on=trained,
    )
    sofie = _person(
        org,
        "Sofie",
        "Jansen",
        roles=[Role.Kind.CZ_LEAD],
        profession="verloskundige",
        locations=[oost],
        trained_on=trained + dt.timedelta(days=60),
        availability={"wed": ALL_DAYPARTS, "thu": ["morning", "afternoon"], "fri": ["morning"]},
    )
    hanna = _person(
        org,
        "Hanna",
        "Kuipers",
        roles=[Role.Kind.CZ_LEAD],
        profession="verloskundige",
        locations=both,
        trained_on=trained + dt.timedelta(days=200),
    )
    _person(
        org,
        "Naïma",
        "El Idrissi",
        roles=[Role.Kind.CZ_LEAD],
        profession="verloskundige",
        languages=("nl", "ar", "fr"),
        locations=both,
        trained_on=trained + dt.timedelta(days=400),
    )
    emily = _person(
        org,
        "Emily",
        "Clarke",
        roles=[Role.Kind.CZ_LEAD, Role.Kind.COORDINATOR],
        profession="verloskundige",
        languages=("nl", "en"),
        locations=[centrum],
        trained_on=trained + dt.timedelta(days=30),
    )
    Absence.objects.create(
        person=emily,
        first_day=today + dt.timedelta(days=60),
        last_day=today + dt.timedelta(days=80),
        reason="Vakantie",
    )
    ayse = _person(
        org,
        "Ayşe",
        "Yılmaz",
        roles=[Role.Kind.CO_FACILITATOR, Role.Kind.INTERPRETER],
        profession="tolk en co-facilitator",
        user=users["cofacilitator@linde.example"],
        languages=("nl", "tr"),
        locations=both,
        trained_on=trained + dt.timedelta(days=100),
    )
    lotte = _person(
        org,
        "Lotte",
        "Vermeulen",
        roles=[Role.Kind.CO_FACILITATOR],
        profession="kraamverzorgende",
        languages=("nl", "en"),
        locations=both,
        trained_on=trained + dt.timedelta(days=100),
    )
    selam = _person(
        org,
        "Selam",
        "Tesfay",
        roles=[Role.Kind.CO_FACILITATOR, Role.Kind.INTERPRETER],
        profession="cultuurmediator",
        languages=("nl", "ti", "en"),
        locations=both,
        trained_on=trained + dt.timedelta(days=300),
    )

    cz = Programme.objects.get(organisation=org, code="CZ")
    bsns = iter(synthetic_bsns(CZ_CLIENTS))
    groups = [
        # name, location, room, weekday, daypart, lead, co, language, mid due date (days ahead), members
        ("CZ Centrum dinsdagavond", centrum, kringzaal, "tue", "evening", anna, lotte, "nl", 63, 10),
        ("CZ Oost donderdagochtend", oost, groepsruimte, "thu", "morning", sofie, selam, "nl", 126, 10),
        (
            "CZ Centrum Türkçe woensdagmiddag",
            centrum,
            tuinkamer,
            "wed",
            "afternoon",
            hanna,
            ayse,
            "tr",
            182,
            8,
        ),
    ]
    made = 0
    for name, location, room, weekday, daypart, lead, co, language, mid_days, size in groups:
        mid = today + dt.timedelta(days=mid_days)
        members = []
        for _ in range(size):
            due = mid + dt.timedelta(days=rng.randint(-12, 12))
            languages = ["tr", "nl"] if language == "tr" else None
            given_family = (
                _unique_name(org, lambda: (rng.choice(TURKISH_GIVEN), rng.choice(TURKISH_FAMILY)))
                if language == "tr"
                else None
            )
            members.append(
                _client(
                    org,
                    cz,
                    rng,
                    today,
                    next(bsns),
                    locations=[location],
                    anchor=due,
                    languages=languages,
                    given_family=given_family,
                )
            )
            made += 1
        last = max(member.due_date for member in members)
        status = Group.Status.RUNNING if mid_days < 150 else Group.Status.PUBLISHED
        _running_group(
            name,
            cz,
            location=location,
            room=room,
            weekday=weekday,
            daypart_code=daypart,
            lead=lead,
            co=co,
            language=language,
            members=members,
            mid_anchor=mid,
            last_anchor=last,
            today=today,
            status=status,
        )
    made += _finished_group(org, cz, rng, today, bsns, centrum, kringzaal, anna, lotte)
    _make_history(org, rng, today, users["verloskundige@linde.example"])
    # The best-known example names, guaranteed present on the waiting list.
    fixed = sorted(RESERVED_NAMES)
    while made < CZ_CLIENTS:
        # Most women register early enough for a new group (session 1 around week 16); some late.
        weeks_ahead = (20, 44) if rng.random() < 0.75 else (3, 20)
        due = today + dt.timedelta(days=rng.randint(weeks_ahead[0] * 7, weeks_ahead[1] * 7))
        given_family = fixed.pop(0) if fixed else None
        _client(org, cz, rng, today, next(bsns), locations=both, anchor=due, given_family=given_family)
        made += 1
    return org


def _finished_group(org, cz, rng, today, bsns, location, room, lead, co) -> int:
    """A pregnancy group that has finished: its babies are born, its outcomes filled in."""
    mid = today - dt.timedelta(days=90)
    members = [
        _client(org, cz, rng, today, next(bsns), locations=[location], anchor=today + dt.timedelta(days=30))
        for _ in range(8)
    ]
    for client in members:
        # The due dates lie in the past: set them as an old record would have them (the form's
        # window applies to entry, not to records that have aged).
        client.due_date = mid + dt.timedelta(days=rng.randint(-12, 12))
        Client.objects.filter(pk=client.pk).update(due_date=client.due_date)
    _running_group(
        "CZ Centrum maandagavond",
        cz,
        location=location,
        room=room,
        weekday="mon",
        daypart_code="evening",
        lead=lead,
        co=co,
        language="nl",
        members=members,
        mid_anchor=mid,
        last_anchor=max(client.due_date for client in members),
        today=today,
        status=Group.Status.RUNNING,
    )
    return len(members)


def _make_history(org, rng, today, fallback_user) -> None:
    """Held sessions with attendance and measurements; one session today and one later this
    week; births and outcomes for the groups whose sessions are all held."""
    groups = list(org.groups.select_related("programme", "lead__user", "daypart").order_by("name"))
    first = True
    for group in groups:
        if group.status != Group.Status.RUNNING:
            continue
        by = group.lead.user or fallback_user
        if not group.sessions.filter(date__gte=today).exists():
            history.fill_held_sessions(group, rng, by=by)
            history.register_births_and_outcomes(group, rng, today, by=by)
            Group.objects.filter(pk=group.pk).update(status=Group.Status.FINISHED)
            continue
        if first:
            history.move_next_session_to(group, today, today)
        else:
            for ahead in range(1, 7):
                if history.move_next_session_to(group, today + dt.timedelta(days=ahead), today):
                    break
        history.fill_held_sessions(group, rng, by=by, severe_bp_in_last=first)
        first = False


# The JGZ organisation -----------------------------------------------------------------------------


def _build_jgz(rng: random.Random, today: dt.date, users: dict[str, User]) -> Organisation:
    org = _organisation("JGZ Lindeveen", JGZ_SLUG, Organisation.Kind.JGZ, today)
    bureau = Location.objects.create(
        organisation=org,
        name="Consultatiebureau Lindeveen",
        street="Esdoornstraat 40",
        postcode="3531 EF",
        city="Lindeveen",
    )
    online = Location.objects.create(organisation=org, name="Online", online=True)
    zaal = _room(bureau, "Ouder-en-kindzaal", 30, 25, {day: ["morning", "afternoon"] for day in WORKDAYS})
    _room(online, "Videogesprek", 40, 0)

    _person(
        org,
        "Karin",
        "Schouten",
        roles=[Role.Kind.COORDINATOR, Role.Kind.PRIVACY_OFFICER],
        profession="coördinator CenteringOuderschap",
        user=users["coordinator@jgz.example"],
        locations=[bureau, online],
        availability={},
    )
    trained = today - dt.timedelta(days=700)
    judith = _person(
        org,
        "Judith",
        "Postma",
        roles=[Role.Kind.CO_LEAD],
        profession="jeugdverpleegkundige",
        user=users["jgzverpleegkundige@jgz.example"],
        languages=("nl", "en"),
        locations=[bureau, online],
        trained_on=trained,
        programme="CO",
    )
    _person(
        org,
        "Youssef",
        "Amrani",
        roles=[Role.Kind.CO_LEAD],
        profession="jeugdverpleegkundige",
        languages=("nl", "ar"),
        locations=[bureau],
        trained_on=trained,
        programme="CO",
    )
    _person(
        org,
        "Eline",
        "Verhoef",
        roles=[Role.Kind.CO_LEAD],
        profession="jeugdarts",
        locations=[bureau],
        trained_on=trained + dt.timedelta(days=90),
        programme="CO",
        availability={"mon": ["morning"], "thu": ["morning", "afternoon"]},
    )
    petra = _person(
        org,
        "Petra",
        "Wouters",
        roles=[Role.Kind.CO_FACILITATOR],
        profession="consultatiebureau-assistent",
        locations=[bureau, online],
        trained_on=trained + dt.timedelta(days=30),
        programme="CO",
    )

    co = Programme.objects.get(organisation=org, code="CO")
    # Start after the practice's block so a parent's and a baby's BSN never collide in demo data.
    bsns = iter(synthetic_bsns(2 * CO_CLIENTS, start=CZ_CLIENTS))
    mid = today - dt.timedelta(days=110)
    members = []
    for _ in range(7):
        birth = mid + dt.timedelta(days=rng.randint(-12, 12))
        members.append(
            _client(
                org,
                co,
                rng,
                today,
                next(bsns),
                locations=[bureau],
                anchor=birth,
                baby_bsn=next(bsns),
                baby_name=rng.choice(names.BABY_NAMES),
            )
        )
    _running_group(
        "CO Consultatiebureau maandagochtend",
        co,
        location=bureau,
        room=zaal,
        weekday="mon",
        daypart_code="morning",
        lead=judith,
        co=petra,
        language="nl",
        members=members,
        mid_anchor=mid,
        last_anchor=max(m.baby_birth_date for m in members),
        today=today,
    )
    _make_history(org, rng, today, users["jgzverpleegkundige@jgz.example"])
    for _ in range(CO_CLIENTS - len(members)):
        birth = today - dt.timedelta(days=rng.randint(0, 42))  # young enough to start a new group
        _client(
            org,
            co,
            rng,
            today,
            next(bsns),
            locations=[bureau, online],
            anchor=birth,
            baby_bsn=next(bsns),
            baby_name=rng.choice(names.BABY_NAMES),
        )
    return org
