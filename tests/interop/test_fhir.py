"""The FHIR builders: every resource validates against the R4 models of fhir.resources
(its R4B package, FHIR 4.3; the package's default models are R5), and the Dutch identifier
systems, LOINC codes and UCUM units are asserted one by one."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import fhir.resources as fhir_resources
import fhir.resources.R4B as fhir_r4b
import pytest
from fhir.resources.R4B import get_fhir_model_class

from kring.interop.fhir import resources as fhir
from kring.interop.fhir.bundle import collection_bundle, ndjson_lines, to_json
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
from kring.interop.fhir.names import OWN_NAME_URL, OWN_PREFIX_URL, split_family_name

AMS = ZoneInfo("Europe/Amsterdam")
START = dt.datetime(2027, 3, 30, 19, 0, tzinfo=AMS)  # the evening after the clocks went forward
END = START + dt.timedelta(hours=2)


def validate(resource: dict) -> dict:
    """Validate through JSON, as a receiving system would read it; returns the parsed dict."""
    text = to_json(resource)
    model = get_fhir_model_class(resource["resourceType"]).model_validate_json(text)
    assert model.get_resource_type() == resource["resourceType"]
    return json.loads(text)


def test_the_r4_models_are_the_r4b_package_not_the_default_r5():
    assert fhir_resources.__fhir_version__.startswith("5.")
    assert fhir_r4b.__fhir_version__.startswith("4.")
    # R4 Encounter.class is a single Coding; in R5 it is a list of CodeableConcepts.
    encounter_model = get_fhir_model_class("Encounter")
    assert "class_fhir" in encounter_model.model_fields
    assert "list" not in str(encounter_model.model_fields["class_fhir"].annotation).lower()


def client(**changes) -> ClientData:
    data = {
        "id": 12,
        "organisation_id": 3,
        "programme": "CZ",
        "given_name": "Ayşe",
        "family_name": "van der Berg",
        "called_name": "Ayse",
        "bsn": "999911120",
        "date_of_birth": dt.date(1995, 4, 1),
        "email": "ayse@example.test",
        "phone": "0612345678",
        "postcode": "1234 AB",
        "languages": ("tr", "nl"),
        "due_date": dt.date(2027, 6, 1),
        "registered_on": dt.date(2026, 11, 2),
    }
    data.update(changes)
    return ClientData(**data)


def test_patient_has_the_bsn_and_dutch_name_parts():
    patient = validate(fhir.patient(client()))
    assert patient["id"] == "client-12"
    assert patient["identifier"] == [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "999911120"}]
    official = patient["name"][0]
    assert official["use"] == "official"
    assert official["family"] == "van der Berg"
    assert official["given"] == ["Ayşe"]
    assert official["_family"]["extension"] == [
        {"url": OWN_PREFIX_URL, "valueString": "van der"},
        {"url": OWN_NAME_URL, "valueString": "Berg"},
    ]
    assert patient["name"][1] == {"use": "usual", "given": ["Ayse"]}
    assert patient["birthDate"] == "1995-04-01"
    assert patient["address"][0]["postalCode"] == "1234 AB"
    assert [c["language"]["coding"][0]["code"] for c in patient["communication"]] == ["tr", "nl"]
    assert patient["managingOrganization"] == {"reference": "Organization/org-3"}


def test_names_in_any_script_and_without_prefix():
    patient = validate(fhir.patient(client(given_name="ግርማይ", family_name="ተስፋይ", bsn="", called_name="")))
    assert "identifier" not in patient
    assert patient["name"][0]["family"] == "ተስፋይ"
    assert patient["name"][0]["_family"]["extension"] == [{"url": OWN_NAME_URL, "valueString": "ተስፋይ"}]
    assert split_family_name("de Vries") == ("de", "Vries")
    assert split_family_name("Van 't Hof") == ("Van 't", "Hof")
    assert split_family_name("Vandermeer") == ("", "Vandermeer")
    assert split_family_name("van") == ("", "van")


def test_organization_practitioner_and_roles():
    org = validate(
        fhir.organization(OrganisationData(3, "De Linde", agb_code="12345678", ura_number="87654321"))
    )
    assert org["identifier"] == [
        {"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": "12345678"},
        {"system": "http://fhir.nl/fhir/NamingSystem/ura", "value": "87654321"},
    ]
    person = PersonData(
        7,
        3,
        "Fleur",
        "de Jong",
        agb_code="01234567",
        big_number="19012345601",
        roles=("cz_lead", "coordinator"),
    )
    practitioner = validate(fhir.practitioner(person))
    assert practitioner["identifier"] == [
        {"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": "01234567"},
        {"system": "http://fhir.nl/fhir/NamingSystem/big", "value": "19012345601"},
    ]
    roles = [validate(role) for role in fhir.practitioner_roles(person)]
    assert [role["code"][0]["coding"][0]["code"] for role in roles] == ["cz_lead", "coordinator"]
    assert all(role["practitioner"] == {"reference": "Practitioner/person-7"} for role in roles)
    assert all(role["organization"] == {"reference": "Organization/org-3"} for role in roles)


def test_group_care_team_appointment_and_encounter():
    data = GroupData(
        5,
        3,
        "CZ dinsdagavond",
        "CZ",
        "running",
        lead_id=7,
        co_id=8,
        members=((12, dt.date(2027, 1, 5), None), (13, dt.date(2027, 1, 5), dt.date(2027, 2, 1))),
    )
    group = validate(fhir.group(data))
    assert group["type"] == "person" and group["actual"] is True
    assert [m["entity"]["reference"] for m in group["member"]] == ["Patient/client-12", "Patient/client-13"]
    assert [m["inactive"] for m in group["member"]] == [False, True]
    assert group["quantity"] == 1
    team = validate(fhir.care_team(data))
    assert [(p["role"][0]["coding"][0]["code"], p["member"]["reference"]) for p in team["participant"]] == [
        ("lead", "Practitioner/person-7"),
        ("co", "Practitioner/person-8"),
    ]
    assert team["subject"] == {"reference": "Group/group-5"}
    session = AppointmentData(40, 3, 5, "CZ dinsdagavond", 3, START, END, "held", 2, 7, 8, client_ids=(12,))
    appointment = validate(fhir.appointment(session))
    assert appointment["status"] == "fulfilled"
    assert appointment["start"] == "2027-03-30T19:00:00+02:00"
    actors = [p["actor"]["reference"] for p in appointment["participant"]]
    assert actors == [
        "Practitioner/person-7",
        "Practitioner/person-8",
        "Patient/client-12",
        "Location/room-2",
    ]
    empty = validate(
        fhir.appointment(AppointmentData(41, 3, 5, "G", 4, START, END, "planned", None, None, None))
    )
    assert empty["status"] == "booked" and len(empty["participant"]) == 1
    encounter = validate(fhir.encounter(AttendanceData(40, 12, 3, START, END, 7, 8)))
    assert encounter["class"] == {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "AMB",
        "display": "ambulatory",
    }
    assert encounter["appointment"] == [{"reference": "Appointment/session-40"}]
    assert encounter["episodeOfCare"] == [{"reference": "EpisodeOfCare/episode-12"}]
    room = validate(fhir.location(RoomData(2, 3, "Kringzaal", "Centrum")))
    assert room["name"] == "Centrum – Kringzaal"


def test_pregnancy_episode_and_due_date():
    episode = validate(fhir.episode_of_care(client()))
    assert episode["status"] == "active"
    assert episode["type"][0]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "77386006",
        "display": "Pregnancy",
    }
    assert episode["period"] == {"start": "2026-11-02"}
    due = validate(fhir.due_date_observation(client()))
    assert [(c["system"], c["code"]) for c in due["code"]["coding"]] == [
        ("http://snomed.info/sct", "161714006"),
        ("http://loinc.org", "11778-8"),
    ]
    assert due["valueDateTime"] == "2027-06-01"
    co = client(programme="CO", due_date=None, baby_birth_date=dt.date(2026, 10, 1))
    assert fhir.due_date_observation(co) is None
    assert validate(fhir.episode_of_care(co))["type"][0]["coding"][0]["code"] == "CO"
    assert fhir.baby_patient(client()) is None and fhir.baby_parent(client()) is None


def test_the_baby_of_a_co_record_is_its_own_patient_with_its_measurements():
    co = client(
        programme="CO",
        due_date=None,
        baby_birth_date=dt.date(2026, 10, 1),
        baby_given_name="Noor",
        baby_bsn="999912045",
    )
    baby = validate(fhir.baby_patient(co))
    assert baby["id"] == "baby-12"
    assert baby["identifier"] == [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": "999912045"}]
    assert (baby["birthDate"], baby["name"][0]["given"]) == ("2026-10-01", ["Noor"])
    parent = validate(fhir.baby_parent(co))
    assert parent["patient"] == {"reference": "Patient/baby-12"}
    assert parent["identifier"][0]["value"] == "999911120"
    assert parent["relationship"][0]["coding"][0]["code"] == "PRN"
    weight = validate(fhir.observation(measurement(1, "baby_weight", "5120", "g")))
    assert weight["subject"] == {"reference": "Patient/baby-12"}
    own = validate(fhir.observation(measurement(2, "weight", "70", "kg")))
    assert own["subject"] == {"reference": "Patient/client-12"}


def measurement(pk: int, kind: str, value: str, unit: str, *, at=START, **extra) -> MeasurementData:
    return MeasurementData(pk, 12, kind, Decimal(value), unit, at, session_id=40, attended=True, **extra)


@pytest.mark.parametrize(
    ("kind", "value", "unit", "loinc"),
    [
        ("weight", "72.5", "kg", "29463-7"),
        ("baby_weight", "5120", "g", "29463-7"),
        ("baby_length", "61.5", "cm", "8302-2"),
        ("head_circumference", "40.2", "cm", "9843-4"),
        ("fundal_height", "28", "cm", "11881-0"),
        ("fetal_heart_rate", "142", "/min", "55283-6"),
    ],
)
def test_each_measurement_has_its_loinc_code_and_ucum_unit(kind, value, unit, loinc):
    observation = validate(fhir.observation(measurement(1, kind, value, unit)))
    assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
    assert observation["code"]["coding"][0]["code"] == loinc
    quantity = observation["valueQuantity"]
    assert quantity["system"] == "http://unitsofmeasure.org"
    assert quantity["code"] == unit
    assert Decimal(str(quantity["value"])) == Decimal(value)
    assert observation["category"][0]["coding"][0]["code"] == "vital-signs"
    assert observation["encounter"] == {"reference": "Encounter/session-40-client-12"}
    others = [(c["system"], c["code"]) for c in observation["code"]["coding"][1:]]
    assert others == ([("http://snomed.info/sct", "249043002")] if kind == "fetal_heart_rate" else [])


def test_a_measurement_in_the_wrong_unit_is_refused():
    with pytest.raises(ValueError, match="kg"):
        fhir.observation(measurement(1, "weight", "72500", "g"))


def test_blood_pressure_pairs_become_one_panel_and_a_lone_half_stays_single():
    later = START + dt.timedelta(minutes=30)
    resources = fhir.observations(
        [
            measurement(1, "diastolic", "85", "mm[Hg]"),
            measurement(2, "systolic", "250", "mm[Hg]", flagged=True),
            measurement(3, "systolic", "120", "mm[Hg]", at=later),
        ]
    )
    panel, lone = (validate(resource) for resource in resources)
    assert panel["code"]["coding"][0]["code"] == "85354-9"
    assert [
        (c["code"]["coding"][0]["code"], c["valueQuantity"]["value"], c["valueQuantity"]["code"])
        for c in panel["component"]
    ] == [
        ("8480-6", 250, "mm[Hg]"),
        ("8462-4", 85, "mm[Hg]"),
    ]
    assert lone["code"]["coding"][0]["code"] == "8480-6"
    assert lone["valueQuantity"]["value"] == 120


def test_bundle_and_ndjson():
    resources = [fhir.patient(client()), fhir.episode_of_care(client())]
    bundle = validate(
        collection_bundle(resources, base_url="https://kring.test/fhir/", bundle_id="b1", timestamp=START)
    )
    assert bundle["type"] == "collection"
    assert [entry["fullUrl"] for entry in bundle["entry"]] == [
        "https://kring.test/fhir/Patient/client-12",
        "https://kring.test/fhir/EpisodeOfCare/episode-12",
    ]
    lines = ndjson_lines(resources)
    assert sorted(lines) == ["EpisodeOfCare", "Patient"]
    assert json.loads(lines["Patient"][0])["name"][0]["given"] == ["Ayşe"]


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="time zone"):
        fhir.encounter(AttendanceData(40, 12, 3, START.replace(tzinfo=None), END, 7, 8))
