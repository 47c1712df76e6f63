"""FHIR from the database: one client's Bundle and the organisation's NDJSON, each resource
validated with the R4 models (fhir.resources.R4B); access-logged per client; 404 outside."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class
from openpyxl import Workbook

from kring import cli
from kring.audit.models import AccessLog
from kring.care.models import Client
from kring.records.models import Attendance, Measurement
from kring.transfer.models import FhirExport


def validate(resource: dict) -> None:
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


@pytest.fixture
def measured(practice, coordinator):
    client = practice.client
    client.family_name = "van den Heuvel"
    client.save()
    practice.organisation.agb_code = "12345678"
    practice.organisation.ura_number = "87654321"
    practice.organisation.save()
    practice.lead.agb_code, practice.lead.big_number = "01234567", "19012345601"
    practice.lead.save()
    Attendance.objects.create(
        session=practice.session, client=client, status="present", recorded_by=coordinator
    )
    at = practice.session.starts_at
    for kind, value, unit, loinc in (
        ("systolic", "250", "mm[Hg]", "8480-6"),
        ("diastolic", "150", "mm[Hg]", "8462-4"),
        ("fundal_height", "28", "cm", "11881-0"),
        ("fetal_heart_rate", "140", "/min", "55283-6"),
        ("weight", "72.5", "kg", "29463-7"),
    ):
        Measurement.objects.create(
            client=client,
            session=practice.session,
            kind=kind,
            value=value,
            unit=unit,
            loinc=loinc,
            measured_by="professional",
            measured_at=at,
            flagged=kind in ("systolic", "diastolic"),
        )
    return client


def test_patient_everything_is_a_valid_bundle_with_codes_and_units(
    as_coordinator, coordinator, measured, practice
):
    response = as_coordinator.get(reverse("transfer:patient_everything", args=[measured.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = json.loads(response.content)
    validate(bundle)
    resources = [entry["resource"] for entry in bundle["entry"]]
    for resource in resources:
        validate(resource)
    by_type: dict[str, list[dict]] = {}
    for resource in resources:
        by_type.setdefault(resource["resourceType"], []).append(resource)
    patient = by_type["Patient"][0]
    assert patient["identifier"] == [
        {"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": measured.bsn}
    ]
    assert patient["name"][0]["_family"]["extension"][0]["valueString"] == "van den"
    assert by_type["Organization"][0]["identifier"] == [
        {"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": "12345678"},
        {"system": "http://fhir.nl/fhir/NamingSystem/ura", "value": "87654321"},
    ]
    lead = next(p for p in by_type["Practitioner"] if p["id"] == f"person-{practice.lead.pk}")
    assert lead["identifier"] == [
        {"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": "01234567"},
        {"system": "http://fhir.nl/fhir/NamingSystem/big", "value": "19012345601"},
    ]
    observations = {obs["code"]["coding"][0]["code"]: obs for obs in by_type["Observation"]}
    assert set(observations) == {"85354-9", "11881-0", "55283-6", "29463-7", "161714006"}
    panel = observations["85354-9"]
    assert [(c["code"]["coding"][0]["code"], c["valueQuantity"]["code"]) for c in panel["component"]] == [
        ("8480-6", "mm[Hg]"),
        ("8462-4", "mm[Hg]"),
    ]
    assert panel["interpretation"][0]["coding"][0]["code"] == "A"
    assert observations["55283-6"]["valueQuantity"]["code"] == "/min"
    assert observations["11881-0"]["valueQuantity"]["code"] == "cm"
    assert observations["29463-7"]["valueQuantity"] == {
        "value": 72.5,
        "unit": "kg",
        "system": "http://unitsofmeasure.org",
        "code": "kg",
    }
    assert (
        observations["55283-6"]["encounter"]["reference"]
        == f"Encounter/session-{practice.session.pk}-client-{measured.pk}"
    )
    assert len(by_type["Encounter"]) == 1 and len(by_type["Appointment"]) == 1
    assert (
        by_type["Appointment"][0]["participant"][2]["actor"]["reference"] == f"Patient/client-{measured.pk}"
    )
    assert {r["resourceType"] for r in resources} >= {
        "Practitioner",
        "PractitionerRole",
        "CareTeam",
        "Group",
        "EpisodeOfCare",
        "Location",
    }
    entry = AccessLog.objects.filter(client_id=measured.pk, action=AccessLog.Action.EXPORT).get()
    assert entry.user == coordinator and "FHIR" in entry.detail


def test_an_outsider_gets_404_and_no_log_entry(as_outsider, measured):
    before = AccessLog.objects.count()
    assert as_outsider.get(reverse("transfer:patient_everything", args=[measured.pk])).status_code == 404
    assert as_outsider.get(reverse("transfer:patient_everything", args=[999999])).status_code == 404
    assert AccessLog.objects.count() == before


def _ndjson_zip(content: bytes) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name.removesuffix(".ndjson"): [
                json.loads(line) for line in archive.read(name).decode().splitlines()
            ]
            for name in archive.namelist()
        }


def test_bulk_export_in_the_background_with_a_download(
    as_coordinator, as_outsider, as_midwife, coordinator, measured, practice
):
    response = as_coordinator.post(reverse("transfer:fhir_export_start"))
    assert response.status_code == 302
    export = FhirExport.objects.get()
    assert export.status == FhirExport.Status.DONE  # the immediate backend ran the task
    download = as_coordinator.get(reverse("transfer:fhir_export_download", args=[export.pk]))
    files = _ndjson_zip(download.content)
    for resources in files.values():
        for resource in resources:
            validate(resource)
    clients = Client.objects.filter(organisation=practice.organisation)
    assert sorted(p["id"] for p in files["Patient"]) == sorted(f"client-{c.pk}" for c in clients)
    assert export.counts["Patient"] == clients.count()
    logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail__contains="NDJSON")
    assert sorted(logged.values_list("client_id", flat=True)) == sorted(clients.values_list("pk", flat=True))
    assert as_outsider.get(reverse("transfer:fhir_export_download", args=[export.pk])).status_code == 404
    assert as_midwife.get(reverse("transfer:fhir_export_download", args=[export.pk])).status_code == 403
    assert as_midwife.post(reverse("transfer:fhir_export_start")).status_code == 403


def test_kring_export_fhir_and_import_clients_on_the_command_line(measured, practice, tmp_path: Path):
    out = tmp_path / "fhir"
    assert cli.main(["export", "fhir", "--organisation", "proeflinde", "-o", str(out)]) == cli.EXIT_OK
    patients = [json.loads(line) for line in (out / "Patient.ndjson").read_text().splitlines()]
    for patient in patients:
        validate(patient)
    assert len(patients) == Client.objects.filter(organisation=practice.organisation).count()
    assert cli.main(["export", "fhir", "--organisation", "nowhere", "-o", str(out)]) == cli.EXIT_BAD_INPUT

    due = (timezone.localdate() + dt.timedelta(weeks=20)).strftime("%d-%m-%Y")
    file = tmp_path / "clients.csv"
    file.write_text(f"Voornaam;Achternaam;BSN;ATD\nZoë;Müller;999911120;{due}\n", encoding="cp1252")
    count = Client.objects.count()
    assert (
        cli.main(["import", "clients", str(file), "--organisation", "proeflinde", "--dry-run"]) == cli.EXIT_OK
    )
    assert Client.objects.count() == count
    assert cli.main(["import", "clients", str(file), "--organisation", "proeflinde"]) == cli.EXIT_OK
    zoe = Client.objects.get(bsn="999911120")
    assert zoe.given_name == "Zoë"
    assert AccessLog.objects.filter(client_id=zoe.pk, action=AccessLog.Action.CREATE).count() == 1
    people = tmp_path / "people.xlsx"
    workbook = Workbook()
    workbook.active.append(["Voornaam", "Achternaam", "Beschikbaarheid"])
    workbook.active.append(["Fleur", "de Jong", "di: avond"])
    workbook.save(people)
    assert cli.main(["import", "people", str(people), "--organisation", "proeflinde"]) == cli.EXIT_OK
    assert practice.organisation.people.get(given_name="Fleur").availability == {"tue": ["evening"]}
    bad = tmp_path / "bad.csv"
    bad.write_text("Voornaam;Achternaam;BSN\nA;B;123456789\n", encoding="utf-8")
    assert cli.main(["import", "clients", str(bad), "--organisation", "proeflinde"]) == cli.EXIT_BAD_INPUT
    (tmp_path / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert (
        cli.main(["import", "clients", str(tmp_path / "photo.csv"), "--organisation", "proeflinde"])
        == cli.EXIT_BAD_INPUT
    )


def test_the_data_migration_corrects_the_fetal_heart_rate_code(measured):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kring.records.migrations.0003_fetal_heart_rate_loinc")
    Measurement.objects.filter(kind="fetal_heart_rate").update(loinc="8867-4")
    mother = Measurement.objects.create(
        client=measured,
        kind="weight",
        value="70",
        unit="kg",
        loinc="29463-7",
        measured_by="professional",
        measured_at=timezone.now(),
    )
    migration.correct(apps, None)
    assert set(Measurement.objects.filter(kind="fetal_heart_rate").values_list("loinc", flat=True)) == {
        "55283-6"
    }
    mother.refresh_from_db()
    assert mother.loinc == "29463-7"
    migration.restore(apps, None)
    assert set(Measurement.objects.filter(kind="fetal_heart_rate").values_list("loinc", flat=True)) == {
        "8867-4"
    }


def test_the_client_page_links_to_the_fhir_download(as_coordinator, measured):
    page = as_coordinator.get(reverse("web:client_detail", args=[measured.pk])).content.decode()
    assert reverse("transfer:patient_everything", args=[measured.pk]) in page
    assert "FHIR-download" in page


def test_a_co_record_exports_the_baby_as_a_patient_with_its_measurements(as_coordinator, practice):
    from tests.factories import COClientFactory

    parent = COClientFactory(organisation=practice.organisation, baby_bsn="999912045")
    Measurement.objects.create(
        client=parent,
        kind="baby_weight",
        value="5120",
        unit="g",
        loinc="29463-7",
        measured_by="professional",
        measured_at=timezone.now(),
    )
    bundle = json.loads(as_coordinator.get(reverse("transfer:patient_everything", args=[parent.pk])).content)
    resources = {(e["resource"]["resourceType"], e["resource"]["id"]): e["resource"] for e in bundle["entry"]}
    for resource in resources.values():
        validate(resource)
    baby = resources[("Patient", f"baby-{parent.pk}")]
    assert baby["identifier"][0]["value"] == "999912045"
    assert baby["birthDate"] == parent.baby_birth_date.isoformat()
    assert (
        resources[("RelatedPerson", f"parent-{parent.pk}")]["patient"]["reference"]
        == f"Patient/baby-{parent.pk}"
    )
    weight = next(r for (kind, _), r in resources.items() if kind == "Observation")
    assert weight["subject"]["reference"] == f"Patient/baby-{parent.pk}"
    assert weight["valueQuantity"]["code"] == "g"
