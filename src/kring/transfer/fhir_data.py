"""The thin Django layer of the FHIR export: reads the database into the plain data of
`kring.interop.fhir.model` and asks the pure builders for resources."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch

from kring.care.models import Client, Enrolment, Group, Session
from kring.interop.fhir import resources as fhir
from kring.interop.fhir.model import (
    AppointmentData,
    AttendanceData,
    ClientData,
    GroupData,
    MeasurementData,
    OrganisationData,
    PersonData,
    RoomData,
)
from kring.organisations.models import Organisation, Person, Room
from kring.records.models import Attendance, Measurement

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def organisation_data(org: Organisation) -> OrganisationData:
    return OrganisationData(org.pk, org.name, agb_code=org.agb_code, ura_number=org.ura_number, kind=org.kind)


def person_data(person: Person) -> PersonData:
    return PersonData(
        id=person.pk,
        organisation_id=person.organisation_id,
        given_name=person.given_name,
        family_name=person.family_name,
        agb_code=person.agb_code,
        big_number=person.big_number,
        email=person.email,
        phone=person.phone,
        roles=tuple(sorted(role.role for role in person.roles.all())),
        active=person.is_active,
    )


def client_data(client: Client) -> ClientData:
    birth = getattr(client, "birth", None)  # the Birth outcome ends the pregnancy episode
    return ClientData(
        id=client.pk,
        organisation_id=client.organisation_id,
        programme=client.programme.code,
        given_name=client.given_name,
        family_name=client.family_name,
        called_name=client.called_name,
        bsn=client.bsn,
        date_of_birth=client.date_of_birth,
        email=client.email,
        phone=client.phone,
        postcode=client.postcode,
        languages=tuple(client.languages or ()),
        due_date=client.due_date,
        baby_birth_date=client.baby_birth_date,
        baby_given_name=client.baby_given_name,
        baby_bsn=client.baby_bsn,
        registered_on=client.created_at.date() if client.created_at else None,
        delivered_on=birth.born_on if birth is not None else None,
    )


def room_data(room: Room) -> RoomData:
    return RoomData(room.pk, room.location.organisation_id, room.name, room.location.name)


def group_data(group: Group, enrolments: Iterable[Enrolment]) -> GroupData:
    return GroupData(
        id=group.pk,
        organisation_id=group.organisation_id,
        name=group.name,
        programme=group.programme.code,
        status=group.status,
        lead_id=group.lead_id,
        co_id=group.co_id,
        members=tuple((e.client_id, e.joined_on, e.left_on) for e in enrolments),
    )


def session_data(session: Session, client_ids: tuple[int, ...]) -> AppointmentData:
    return AppointmentData(
        id=session.pk,
        organisation_id=session.group.organisation_id,
        group_id=session.group_id,
        group_name=session.group.name,
        number=session.number,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        status=session.status,
        room_id=session.room_id,
        lead_id=session.lead_id,
        co_id=session.co_id,
        client_ids=client_ids,
    )


def attendance_data(attendance: Attendance) -> AttendanceData:
    session = attendance.session
    return AttendanceData(
        session_id=session.pk,
        client_id=attendance.client_id,
        organisation_id=session.group.organisation_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        lead_id=session.lead_id,
        co_id=session.co_id,
    )


def measurement_data(measurement: Measurement, attended: set[tuple[int, int]]) -> MeasurementData:
    return MeasurementData(
        id=measurement.pk,
        client_id=measurement.client_id,
        kind=measurement.kind,
        value=measurement.value,
        unit=measurement.unit,
        measured_at=measurement.measured_at,
        session_id=measurement.session_id,
        attended=(measurement.session_id, measurement.client_id) in attended,
        measured_by=measurement.measured_by,
        flagged=measurement.flagged,
    )


def _client_own_resources(client: Client) -> list[dict]:
    resources = [fhir.patient(client_data(client)), fhir.episode_of_care(client_data(client))]
    for extra in (
        fhir.due_date_observation(client_data(client)),
        fhir.baby_patient(client_data(client)),
        fhir.baby_parent(client_data(client)),
    ):
        if extra is not None:
            resources.append(extra)
    return resources


def _people_resources(people: Iterable[Person]) -> list[dict]:
    resources: list[dict] = []
    for person in people:
        data = person_data(person)
        resources.append(fhir.practitioner(data))
        resources.extend(fhir.practitioner_roles(data))
    return resources


def client_resources(client: Client) -> list[dict]:
    """Everything about one client ($everything): the client, the organisation, the groups
    with their facilitators, the sessions (naming only this client), attendance and
    measurements. Other members of a group are not named."""
    organisation = client.organisation
    enrolments = list(
        Enrolment.objects.filter(client=client).select_related("group__programme").order_by("joined_on", "pk")
    )
    groups = {enrolment.group_id: enrolment.group for enrolment in enrolments}
    sessions = list(
        Session.objects.filter(group_id__in=groups)
        .select_related("group", "room__location")
        .order_by("starts_at", "pk")
    )
    attendances = list(
        Attendance.objects.filter(client=client, status__in=ATTENDED).select_related("session__group")
    )
    attended = {(a.session_id, a.client_id) for a in attendances}
    person_ids = {pk for g in groups.values() for pk in (g.lead_id, g.co_id)} | {
        pk for s in sessions for pk in (s.lead_id, s.co_id)
    }
    people = Person.objects.filter(pk__in=person_ids - {None}).prefetch_related("roles").order_by("pk")
    rooms = {s.room_id: s.room for s in sessions}

    resources = [fhir.organization(organisation_data(organisation)), *_client_own_resources(client)]
    resources.extend(_people_resources(people))
    resources.extend(fhir.location(room_data(room)) for room in rooms.values())
    for group in groups.values():
        own = [e for e in enrolments if e.group_id == group.pk]
        resources.append(fhir.group(group_data(group, own)))
        resources.append(fhir.care_team(group_data(group, own)))
    resources.extend(fhir.appointment(session_data(s, (client.pk,))) for s in sessions)
    resources.extend(fhir.encounter(attendance_data(a)) for a in attendances)
    measurements = Measurement.objects.filter(client=client).order_by("measured_at", "pk")
    resources.extend(fhir.observations([measurement_data(m, attended) for m in measurements]))
    return resources


def organisation_resources(organisation: Organisation, clients: Iterable[Client]) -> Iterator[dict]:
    """The whole organisation for a bulk export; `clients` are those exported (access-logged
    by the caller)."""
    clients = list(clients)
    client_ids = {client.pk for client in clients}
    yield fhir.organization(organisation_data(organisation))
    for client in clients:
        yield from _client_own_resources(client)
    people = Person.objects.filter(organisation=organisation).prefetch_related("roles").order_by("pk")
    yield from _people_resources(people)
    rooms = Room.objects.filter(location__organisation=organisation).select_related("location").order_by("pk")
    yield from (fhir.location(room_data(room)) for room in rooms)
    enrolments = Prefetch(
        "enrolments", queryset=Enrolment.objects.filter(client_id__in=client_ids).order_by("joined_on", "pk")
    )
    groups = (
        Group.objects.filter(organisation=organisation)
        .select_related("programme")
        .prefetch_related(enrolments)
    )
    members_by_group: dict[int, tuple[int, ...]] = {}
    for group in groups.order_by("pk"):
        own = list(group.enrolments.all())
        members_by_group[group.pk] = tuple(
            e.client_id for e in own if e.status in (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)
        )
        yield fhir.group(group_data(group, own))
        yield fhir.care_team(group_data(group, own))
    sessions = (
        Session.objects.filter(group__organisation=organisation)
        .select_related("group")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        yield fhir.appointment(session_data(session, members_by_group.get(session.group_id, ())))
    attendances = (
        Attendance.objects.filter(client_id__in=client_ids, status__in=ATTENDED)
        .select_related("session__group")
        .order_by("session__starts_at", "pk")
    )
    attended = set()
    for attendance in attendances:
        attended.add((attendance.session_id, attendance.client_id))
        yield fhir.encounter(attendance_data(attendance))
    by_client: dict[int, list[MeasurementData]] = {}
    for measurement in Measurement.objects.filter(client_id__in=client_ids).order_by(
        "client_id", "measured_at", "pk"
    ):
        by_client.setdefault(measurement.client_id, []).append(measurement_data(measurement, attended))
    for measurements in by_client.values():
        yield from fhir.observations(measurements)
