"""The plain data the FHIR builders take. Ids are Kring's own keys; references between
resources are built from them (`Patient/client-12`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class OrganisationData:
    id: int
    name: str
    agb_code: str = ""
    ura_number: str = ""
    kind: str = ""  # midwifery_practice, hospital, jgz


@dataclass(frozen=True)
class PersonData:
    """Someone who works at the organisation (a Practitioner with PractitionerRoles)."""

    id: int
    organisation_id: int
    given_name: str
    family_name: str
    agb_code: str = ""
    big_number: str = ""
    email: str = ""
    phone: str = ""
    roles: tuple[str, ...] = ()  # Kring role codes: coordinator, cz_lead, co_lead, ...
    active: bool = True


@dataclass(frozen=True)
class ClientData:
    id: int
    organisation_id: int
    programme: str  # "CZ" or "CO"
    given_name: str
    family_name: str
    called_name: str = ""
    bsn: str = ""
    date_of_birth: dt.date | None = None
    email: str = ""
    phone: str = ""
    postcode: str = ""
    languages: tuple[str, ...] = ()
    due_date: dt.date | None = None
    baby_birth_date: dt.date | None = None
    baby_given_name: str = ""
    baby_bsn: str = ""
    registered_on: dt.date | None = None
    delivered_on: dt.date | None = None  # the birth, which ends the pregnancy episode


@dataclass(frozen=True)
class RoomData:
    id: int
    organisation_id: int
    name: str
    location_name: str = ""


@dataclass(frozen=True)
class GroupData:
    id: int
    organisation_id: int
    name: str
    programme: str
    status: str  # Kring group status: planned, published, running, finished, cancelled
    lead_id: int | None
    co_id: int | None
    members: tuple[tuple[int, dt.date | None, dt.date | None], ...] = ()  # (client id, joined, left)


# A group's CareTeam is built from the same data as the Group.
CareTeamData = GroupData


@dataclass(frozen=True)
class AppointmentData:
    """One session of a group."""

    id: int
    organisation_id: int
    group_id: int
    group_name: str
    number: int
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime
    status: str  # Kring session status: planned, held, cancelled
    room_id: int | None
    lead_id: int | None
    co_id: int | None
    client_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class AttendanceData:
    """A client who attended a session: one Encounter."""

    session_id: int
    client_id: int
    organisation_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    lead_id: int | None
    co_id: int | None


@dataclass(frozen=True)
class MeasurementData:
    id: int
    client_id: int
    kind: str  # kring.records.measurements.Kind values
    value: Decimal
    unit: str  # UCUM
    measured_at: dt.datetime
    session_id: int | None = None
    attended: bool = False  # whether an Encounter exists for (session, client)
    measured_by: str = ""
    flagged: bool = False
    extra: dict[str, str] = field(default_factory=dict)
