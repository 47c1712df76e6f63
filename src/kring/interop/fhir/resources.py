"""One function per FHIR R4 resource, each returning a JSON-ready dict (nl-core where there is
a Dutch profile). Ids are `<kind>-<key>` so they never collide across resource types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
from kring.interop.fhir.names import human_name

BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
AGB_SYSTEM = "http://fhir.nl/fhir/NamingSystem/agb-z"
BIG_SYSTEM = "http://fhir.nl/fhir/NamingSystem/big"
URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
# Kring's own codes (roles, programmes, ids) live under this URN; an integrator maps them.
KRING = "urn:kring"

BLOOD_PRESSURE_PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
# Measurement kind -> (LOINC code, display, UCUM unit the value is exported in).
MEASUREMENT_CODES: dict[str, tuple[str, str, str]] = {
    "weight": ("29463-7", "Body weight", "kg"),
    "baby_weight": ("29463-7", "Body weight", "g"),
    "baby_length": ("8302-2", "Body height", "cm"),
    "head_circumference": ("9843-4", "Head Occipital-frontal circumference", "cm"),
    "fundal_height": ("11881-0", "Uterus Fundal height Tape measure", "cm"),
    "fetal_heart_rate": ("55283-6", "Fetal Heart rate", "/min"),
    "systolic": (*SYSTOLIC, "mm[Hg]"),
    "diastolic": (*DIASTOLIC, "mm[Hg]"),
}
# The Dutch birth-care FHIR work codes fetal heart rate with SNOMED as well (centering.md 6).
EXTRA_CODINGS: dict[str, list[dict]] = {"fetal_heart_rate": [{"system": SNOMED, "code": "249043002"}]}
UCUM_DISPLAY = {"kg": "kg", "g": "g", "cm": "cm", "mm[Hg]": "mmHg", "/min": "/min"}
PREGNANCY = ("77386006", "Pregnancy")
DUE_DATE_SNOMED = ("161714006", "Estimated date of delivery")
DUE_DATE_LOINC = ("11778-8", "Delivery date Estimated")
ROLE_NAMES = {
    "coordinator": "Coordinator",
    "cz_lead": "CenteringZwangerschap lead facilitator",
    "co_lead": "CenteringOuderschap lead facilitator",
    "co_facilitator": "Co-facilitator",
    "interpreter": "Interpreter",
    "privacy_officer": "Privacy officer",
}
PROGRAMME_NAMES = {"CZ": "CenteringZwangerschap", "CO": "CenteringOuderschap"}


def ref(kind: str, resource_id: str) -> dict:
    return {"reference": f"{kind}/{resource_id}"}


def organization_id(key: int) -> str:
    return f"org-{key}"


def patient_id(key: int) -> str:
    return f"client-{key}"


def baby_id(key: int) -> str:
    """The baby of a CO client record is a patient of its own."""
    return f"baby-{key}"


# Measurements of the baby, not of the parent whose record carries them.
BABY_KINDS = frozenset({"baby_weight", "baby_length", "head_circumference"})


def practitioner_id(key: int) -> str:
    return f"person-{key}"


def _instant(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("FHIR instants need a time zone")
    return moment.isoformat()


def _telecom(email: str, phone: str) -> list[dict]:
    telecom = []
    if phone:
        telecom.append({"system": "phone", "value": phone})
    if email:
        telecom.append({"system": "email", "value": email})
    return telecom


def _identifier(system: str, value: str) -> dict:
    return {"system": system, "value": value}


def organization(org: OrganisationData) -> dict:
    resource: dict = {"resourceType": "Organization", "id": organization_id(org.id), "active": True}
    identifiers = []
    if org.agb_code:
        identifiers.append(_identifier(AGB_SYSTEM, org.agb_code))
    if org.ura_number:
        identifiers.append(_identifier(URA_SYSTEM, org.ura_number))
    if identifiers:
        resource["identifier"] = identifiers
    if org.kind:
        resource["type"] = [{"coding": [{"system": f"{KRING}:organisation-kind", "code": org.kind}]}]
    resource["name"] = org.name
    return resource


def practitioner(person: PersonData) -> dict:
    resource: dict = {
        "resourceType": "Practitioner",
        "id": practitioner_id(person.id),
        "active": person.active,
    }
    identifiers = []
    if person.agb_code:
        identifiers.append(_identifier(AGB_SYSTEM, person.agb_code))
    if person.big_number:
        identifiers.append(_identifier(BIG_SYSTEM, person.big_number))
    if identifiers:
        resource["identifier"] = identifiers
    resource["name"] = [human_name(person.given_name, person.family_name)]
    telecom = _telecom(person.email, person.phone)
    if telecom:
        resource["telecom"] = telecom
    return resource


def practitioner_roles(person: PersonData) -> list[dict]:
    """One PractitionerRole per Kring role of the person at the organisation."""
    return [
        {
            "resourceType": "PractitionerRole",
            "id": f"person-{person.id}-{role.replace('_', '-')}",
            "active": person.active,
            "practitioner": ref("Practitioner", practitioner_id(person.id)),
            "organization": ref("Organization", organization_id(person.organisation_id)),
            "code": [
                {
                    "coding": [
                        {"system": f"{KRING}:role", "code": role, "display": ROLE_NAMES.get(role, role)}
                    ],
                    "text": ROLE_NAMES.get(role, role),
                }
            ],
        }
        for role in person.roles
    ]


def patient(client: ClientData) -> dict:
    resource: dict = {"resourceType": "Patient", "id": patient_id(client.id), "active": True}
    if client.bsn:
        resource["identifier"] = [_identifier(BSN_SYSTEM, client.bsn)]
    names = [human_name(client.given_name, client.family_name)]
    if client.called_name and client.called_name != client.given_name:
        names.append({"use": "usual", "given": [client.called_name]})
    resource["name"] = names
    telecom = _telecom(client.email, client.phone)
    if telecom:
        resource["telecom"] = telecom
    resource["gender"] = "female" if client.programme == "CZ" else "unknown"
    if client.date_of_birth:
        resource["birthDate"] = client.date_of_birth.isoformat()
    if client.postcode:
        resource["address"] = [{"use": "home", "postalCode": client.postcode, "country": "NL"}]
    if client.languages:
        resource["communication"] = [
            {"language": {"coding": [{"system": LANGUAGE_SYSTEM, "code": code}]}, "preferred": index == 0}
            for index, code in enumerate(client.languages)
        ]
    resource["managingOrganization"] = ref("Organization", organization_id(client.organisation_id))
    return resource


def baby_patient(client: ClientData) -> dict | None:
    """The baby of a CO record (JGZ's patient), with its own BSN and birth date."""
    if client.programme != "CO" or client.baby_birth_date is None:
        return None
    resource: dict = {"resourceType": "Patient", "id": baby_id(client.id), "active": True}
    if client.baby_bsn:
        resource["identifier"] = [_identifier(BSN_SYSTEM, client.baby_bsn)]
    if client.baby_given_name:
        resource["name"] = [{"use": "usual", "given": client.baby_given_name.split()}]
    resource["birthDate"] = client.baby_birth_date.isoformat()
    resource["managingOrganization"] = ref("Organization", organization_id(client.organisation_id))
    return resource


def baby_parent(client: ClientData) -> dict | None:
    """The parent as the baby's RelatedPerson (v3 RoleCode PRN, parent)."""
    if client.programme != "CO" or client.baby_birth_date is None:
        return None
    resource: dict = {
        "resourceType": "RelatedPerson",
        "id": f"parent-{client.id}",
        "active": True,
        "patient": ref("Patient", baby_id(client.id)),
        "relationship": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                        "code": "PRN",
                        "display": "parent",
                    }
                ]
            }
        ],
        "name": [human_name(client.given_name, client.family_name)],
    }
    if client.bsn:
        resource["identifier"] = [_identifier(BSN_SYSTEM, client.bsn)]
    return resource


def episode_of_care(client: ClientData) -> dict:
    """The pregnancy (CZ) or the parenting programme (CO) the client is in."""
    pregnancy = client.programme == "CZ"
    resource: dict = {
        "resourceType": "EpisodeOfCare",
        "id": f"episode-{client.id}",
        "status": "finished" if client.delivered_on else "active",
        "type": [
            {
                "coding": [{"system": SNOMED, "code": PREGNANCY[0], "display": PREGNANCY[1]}],
                "text": "Zwangerschap",
            }
            if pregnancy
            else {"coding": [{"system": f"{KRING}:programme", "code": "CO"}], "text": PROGRAMME_NAMES["CO"]}
        ],
        "patient": ref("Patient", patient_id(client.id)),
        "managingOrganization": ref("Organization", organization_id(client.organisation_id)),
    }
    period: dict = {}
    if client.registered_on:
        period["start"] = client.registered_on.isoformat()
    if client.delivered_on:
        period["end"] = client.delivered_on.isoformat()
    if period:
        resource["period"] = period
    return resource


def due_date_observation(client: ClientData) -> dict | None:
    """The due date (SNOMED 161714006, LOINC 11778-8), an Observation of the pregnancy."""
    if client.programme != "CZ" or client.due_date is None:
        return None
    return {
        "resourceType": "Observation",
        "id": f"due-date-{client.id}",
        "status": "final",
        "code": {
            "coding": [
                {"system": SNOMED, "code": DUE_DATE_SNOMED[0], "display": DUE_DATE_SNOMED[1]},
                {"system": LOINC, "code": DUE_DATE_LOINC[0], "display": DUE_DATE_LOINC[1]},
            ],
            "text": "À terme datum",
        },
        "subject": ref("Patient", patient_id(client.id)),
        "focus": [ref("EpisodeOfCare", f"episode-{client.id}")],
        "valueDateTime": client.due_date.isoformat(),
    }


def location(room: RoomData) -> dict:
    name = f"{room.location_name} – {room.name}" if room.location_name else room.name
    return {
        "resourceType": "Location",
        "id": f"room-{room.id}",
        "status": "active",
        "name": name,
        "physicalType": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/location-physical-type",
                    "code": "ro",
                    "display": "Room",
                }
            ]
        },
        "managingOrganization": ref("Organization", organization_id(room.organisation_id)),
    }


def group(data: GroupData) -> dict:
    resource: dict = {
        "resourceType": "Group",
        "id": f"group-{data.id}",
        "identifier": [_identifier(f"{KRING}:group", str(data.id))],
        "active": data.status not in ("finished", "cancelled"),
        "type": "person",
        "actual": True,
        "code": {
            "coding": [{"system": f"{KRING}:programme", "code": data.programme}],
            "text": PROGRAMME_NAMES.get(data.programme, data.programme),
        },
        "name": data.name,
        "managingEntity": ref("Organization", organization_id(data.organisation_id)),
    }
    members = []
    for client_id, joined, left in data.members:
        member: dict = {"entity": ref("Patient", patient_id(client_id))}
        period = {key: day.isoformat() for key, day in (("start", joined), ("end", left)) if day}
        if period:
            member["period"] = period
        member["inactive"] = left is not None
        members.append(member)
    if members:
        resource["member"] = members
        resource["quantity"] = sum(1 for member in members if not member["inactive"])
    return resource


def care_team(data: GroupData) -> dict:
    """The facilitators of a group: the lead and the co."""
    participants = []
    for person_id, code, display in (
        (data.lead_id, "lead", "Lead facilitator"),
        (data.co_id, "co", "Co-facilitator"),
    ):
        if person_id is not None:
            participants.append(
                {
                    "role": [
                        {"coding": [{"system": f"{KRING}:care-team-role", "code": code, "display": display}]}
                    ],
                    "member": ref("Practitioner", practitioner_id(person_id)),
                }
            )
    resource: dict = {
        "resourceType": "CareTeam",
        "id": f"careteam-{data.id}",
        "status": "inactive" if data.status in ("finished", "cancelled") else "active",
        "name": data.name,
        "subject": ref("Group", f"group-{data.id}"),
        "managingOrganization": [ref("Organization", organization_id(data.organisation_id))],
    }
    if participants:
        resource["participant"] = participants
    return resource


_APPOINTMENT_STATUS = {"planned": "booked", "held": "fulfilled", "cancelled": "cancelled"}


def appointment(data: AppointmentData) -> dict:
    participants: list[dict] = []
    for person_id in (data.lead_id, data.co_id):
        if person_id is not None:
            participants.append(
                {
                    "type": [
                        {
                            "coding": [
                                {
                                    "system": PARTICIPATION_TYPE,
                                    "code": "PPRF" if person_id == data.lead_id else "SPRF",
                                }
                            ]
                        }
                    ],
                    "actor": ref("Practitioner", practitioner_id(person_id)),
                    "required": "required",
                    "status": "accepted",
                }
            )
    for client_id in data.client_ids:
        participants.append({"actor": ref("Patient", patient_id(client_id)), "status": "accepted"})
    if data.room_id is not None:
        participants.append({"actor": ref("Location", f"room-{data.room_id}"), "status": "accepted"})
    if not participants:  # FHIR wants one participant at least: the group's place is unknown yet
        participants.append({"type": [{"text": "CenteringZorg group"}], "status": "needs-action"})
    return {
        "resourceType": "Appointment",
        "id": f"session-{data.id}",
        "status": _APPOINTMENT_STATUS.get(data.status, "booked"),
        "serviceType": [
            {
                "coding": [{"system": f"{KRING}:programme-session", "code": str(data.number)}],
                "text": data.group_name,
            }
        ],
        "description": f"{data.group_name}, bijeenkomst {data.number}",
        "start": _instant(data.starts_at),
        "end": _instant(data.ends_at),
        "participant": participants,
    }


def encounter(data: AttendanceData) -> dict:
    participants = [
        {
            "type": [{"coding": [{"system": PARTICIPATION_TYPE, "code": code}]}],
            "individual": ref("Practitioner", practitioner_id(person_id)),
        }
        for person_id, code in ((data.lead_id, "PPRF"), (data.co_id, "SPRF"))
        if person_id is not None
    ]
    resource: dict = {
        "resourceType": "Encounter",
        "id": f"session-{data.session_id}-client-{data.client_id}",
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [{"text": "Groepsbijeenkomst (CenteringZorg)"}],
        "subject": ref("Patient", patient_id(data.client_id)),
        "episodeOfCare": [ref("EpisodeOfCare", f"episode-{data.client_id}")],
        "appointment": [ref("Appointment", f"session-{data.session_id}")],
        "period": {"start": _instant(data.starts_at), "end": _instant(data.ends_at)},
        "serviceProvider": ref("Organization", organization_id(data.organisation_id)),
    }
    if participants:
        resource["participant"] = participants
    return resource


def _quantity(value: Decimal, unit: str) -> dict:
    return {"value": value, "unit": UCUM_DISPLAY.get(unit, unit), "system": UCUM, "code": unit}


def _vital_sign_category() -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "vital-signs", "display": "Vital Signs"}]}]


def _observation_base(measurement: MeasurementData, resource_id: str) -> dict:
    resource: dict = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": _vital_sign_category(),
        "subject": ref(
            "Patient",
            baby_id(measurement.client_id)
            if measurement.kind in BABY_KINDS
            else patient_id(measurement.client_id),
        ),
        "effectiveDateTime": _instant(measurement.measured_at),
    }
    if measurement.session_id is not None and measurement.attended:
        resource["encounter"] = ref(
            "Encounter", f"session-{measurement.session_id}-client-{measurement.client_id}"
        )
    if measurement.flagged:
        resource["interpretation"] = [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                        "code": "A",
                        "display": "Abnormal",
                    }
                ]
            }
        ]
    return resource


def observation(measurement: MeasurementData) -> dict:
    """One measurement; a systolic and diastolic pair goes through `blood_pressure` instead."""
    code, display, unit = MEASUREMENT_CODES[measurement.kind]
    if measurement.unit != unit:
        raise ValueError(f"{measurement.kind} is exported in {unit}, not {measurement.unit}")
    resource = _observation_base(measurement, f"measurement-{measurement.id}")
    codings = [{"system": LOINC, "code": code, "display": display}, *EXTRA_CODINGS.get(measurement.kind, [])]
    resource["code"] = {"coding": codings}
    resource["valueQuantity"] = _quantity(measurement.value, unit)
    return resource


def blood_pressure(systolic: MeasurementData, diastolic: MeasurementData) -> dict:
    """The blood pressure panel (85354-9) with systolic (8480-6) and diastolic (8462-4)."""
    resource = _observation_base(systolic, f"measurement-{systolic.id}-{diastolic.id}")
    resource["code"] = {
        "coding": [{"system": LOINC, "code": BLOOD_PRESSURE_PANEL[0], "display": BLOOD_PRESSURE_PANEL[1]}]
    }
    resource["component"] = [
        {
            "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
            "valueQuantity": _quantity(part.value, "mm[Hg]"),
        }
        for part, (code, display) in ((systolic, SYSTOLIC), (diastolic, DIASTOLIC))
    ]
    return resource


def observations(measurements: list[MeasurementData]) -> list[dict]:
    """All measurements of one client; a systolic and a diastolic taken at the same moment
    become one blood pressure panel, a lone half stays a single observation."""
    resources: list[dict] = []
    pending: dict[tuple, MeasurementData] = {}
    for measurement in sorted(measurements, key=lambda m: (m.measured_at, m.id)):
        if measurement.kind in ("systolic", "diastolic"):
            key = (measurement.client_id, measurement.measured_at, measurement.session_id)
            other = pending.get(key)
            if other is not None and other.kind != measurement.kind:
                del pending[key]
                pair = sorted((other, measurement), key=lambda m: m.kind != "systolic")
                resources.append(blood_pressure(pair[0], pair[1]))
            else:
                if other is not None:
                    resources.append(observation(other))
                pending[key] = measurement
        else:
            resources.append(observation(measurement))
    resources.extend(observation(lone) for lone in pending.values())
    return resources
