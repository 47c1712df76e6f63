"""Importing a client list: upload, columns, preview per row, all-or-nothing import with an
access-log entry per client; and the bad input of QUALITY.md."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from kring.audit.models import AccessLog
from kring.care.models import Client
from kring.organisations.models import Person
from kring.transfer import importing
from kring.transfer.models import ColumnMapping, ImportJob

BSN_A, BSN_B, BSN_C = "999911120", "999912045", "999990019"


def due(weeks: int = 20) -> dt.date:
    return timezone.localdate() + dt.timedelta(weeks=weeks)


def upload(browser, content: bytes, name: str = "clienten.csv", kind: str = "clients"):
    file = io.BytesIO(content)
    file.name = name
    return browser.post(reverse("transfer:import_start"), {"kind": kind, "file": file})


def choose_columns(browser, job: ImportJob, mapping: dict[str, str] | None = None):
    mapping = job.mapping if mapping is None else mapping
    data = {f"column_{i}": mapping.get(column, "") for i, column in enumerate(job.header)}
    return browser.post(reverse("transfer:import_columns", args=[job.pk]), data)


def csv_bytes(lines: list[str], *, encoding: str = "utf-8", bom: bool = True) -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


@pytest.fixture
def client_file() -> bytes:
    d = due()
    return csv_bytes(
        [
            "Voornaam;Achternaam;BSN;À terme datum;Talen;Onbekende kolom",
            f"Ayşe;Çelik;{BSN_A};{d:%d-%m-%Y};tr, nl;x",
            f"ግርማይ;ተስፋይ;{BSN_B};{d.isoformat()};ti;y",
            f"Noor;van der Berg;;{(d - dt.date(1899, 12, 30)).days};nl;z",
        ]
    )


def test_the_whole_journey_preview_then_import_with_an_access_log_entry_per_client(
    as_coordinator, coordinator, practice, client_file
):
    before = Client.objects.count()
    response = upload(as_coordinator, client_file)
    job = ImportJob.objects.get()
    assert response.url == reverse("transfer:import_columns", args=[job.pk])
    assert job.mapping == {
        "Voornaam": "given_name",
        "Achternaam": "family_name",
        "BSN": "bsn",
        "À terme datum": "due_date",
        "Talen": "languages",
    }
    page = as_coordinator.get(response.url)
    assert page.status_code == 200 and "Onbekende kolom" in page.content.decode()
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.counts == {"new": 3, "update": 0, "unchanged": 0, "error": 0}
    assert job.done_rows == job.total_rows == 3
    assert Client.objects.count() == before  # the preview saves nothing
    assert ColumnMapping.objects.get(organisation=practice.organisation).mapping == job.mapping
    preview = as_coordinator.get(reverse("transfer:import_detail", args=[job.pk])).content.decode()
    assert "Ayşe Çelik" in preview and "ግርማይ ተስፋይ" in preview

    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Client.objects.count() == before + 3
    ayse = Client.objects.get(bsn=BSN_A)
    assert (ayse.given_name, ayse.family_name, ayse.due_date, ayse.languages) == (
        "Ayşe",
        "Çelik",
        due(),
        ["tr", "nl"],
    )
    assert ayse.programme.code == "CZ" and ayse.organisation == practice.organisation
    noor = Client.objects.get(family_name="van der Berg")
    assert noor.due_date == due()  # from the Excel serial number
    entries = AccessLog.objects.filter(action=AccessLog.Action.CREATE, user=coordinator)
    imported = [ayse.pk, Client.objects.get(bsn=BSN_B).pk, noor.pk]
    assert sorted(entries.values_list("client_id", flat=True)) == sorted(imported)
    assert all(entry.detail.startswith("import clienten.csv row ") for entry in entries)


def test_second_run_shows_update_and_unchanged_and_remembers_the_columns(
    as_coordinator, practice, client_file
):
    upload(as_coordinator, client_file)
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    d = due()
    changed = csv_bytes(
        [
            "Voornaam;Achternaam;BSN;À terme datum;Talen",
            f"Ayşe;Çelik;{BSN_A};{d:%d-%m-%Y};tr",  # languages changed
            f"ግርማይ;ተስፋይ;{BSN_B};{d.isoformat()};ti",  # the same
            f"noor;VAN DER BERG;;{d:%d-%m-%Y};nl",  # found by name and due date
        ],
        bom=False,
    )
    upload(as_coordinator, changed)
    second = ImportJob.objects.order_by("-pk").first()
    choose_columns(as_coordinator, second)
    second.refresh_from_db()
    statuses = [row["status"] for row in second.preview]
    assert statuses[:2] == ["update", "unchanged"]
    assert second.preview[0]["changes"] == {"languages": ["tr, nl", "tr"]}
    assert statuses[2] == "update"  # the name is written as the file has it
    assert second.counts["new"] == 0


def test_errors_per_field_block_the_import_and_nothing_is_saved(as_coordinator, practice):
    d = due()
    existing = practice.client
    bad = csv_bytes(
        [
            "Voornaam;Achternaam;BSN;À terme datum;Geboortedatum",
            f"Goed;Genoeg;{BSN_A};{d:%d-%m-%Y};",
            f"Fout;Bsn;123456789;{d:%d-%m-%Y};",  # fails the 11-check
            f"Acht;Cijfers;12345678;{d:%d-%m-%Y};",
            f"Dubbel;In Bestand;{BSN_A};{d:%d-%m-%Y};",  # same BSN as row 2
            f"Al;Bekend;{existing.bsn};29-02-2027;",  # non-existent date
            f"Te;Laat;;{(timezone.localdate() - dt.timedelta(weeks=8)):%d-%m-%Y};",
            f"Toekomst;Geboren;{BSN_B};{d:%d-%m-%Y};{(timezone.localdate() + dt.timedelta(days=3)):%d-%m-%Y}",
            f"<script>alert(1)</script>;Jansen;;{d:%d-%m-%Y};",
            "=cmd|' /C calc'!A0;Formule;;45678;",
        ]
    )
    upload(as_coordinator, bad)
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    rows = {row["row"]: row for row in job.preview}
    assert rows[2]["status"] == "new"
    # The reasons are in Dutch, the default language.
    assert "elfproef" in " ".join(rows[3]["errors"]["bsn"])
    assert "9 cijfers" in " ".join(rows[4]["errors"]["bsn"])
    assert "rij 2" in " ".join(rows[5]["errors"]["bsn"])
    assert "due_date" in rows[6]["errors"]
    assert "due_date" in rows[7]["errors"]
    assert "date_of_birth" in rows[8]["errors"]
    assert "given_name" in rows[9]["errors"]
    assert rows[10]["status"] == "error"  # "=" is no letter-led name and the date is too old
    assert job.counts == {"new": 1, "update": 0, "unchanged": 0, "error": 8}
    assert not job.can_import
    page = as_coordinator.get(reverse("transfer:import_detail", args=[job.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page  # escaped in the preview
    count = Client.objects.count()
    log = AccessLog.objects.count()
    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    assert Client.objects.count() == count and AccessLog.objects.count() == log


def test_a_row_that_turns_bad_after_the_preview_stops_the_whole_import(as_coordinator, practice, client_file):
    upload(as_coordinator, client_file)
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    # Meanwhile someone registers the first row's BSN as a CO client: the row can no longer apply.
    from tests.factories import COClientFactory

    COClientFactory(organisation=practice.organisation, bsn=BSN_A)
    count, log = Client.objects.count(), AccessLog.objects.count()
    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.error
    assert job.preview[0]["status"] == "error" and "due_date" in job.preview[0]["errors"]
    assert Client.objects.count() == count and AccessLog.objects.count() == log


def test_a_database_failure_halfway_rolls_back_every_row_and_log_entry(practice, coordinator):
    """The second client breaks a database constraint only the database checks; the first,
    already saved in the same transaction, and its access-log entry disappear with it."""
    programme = practice.client.programme
    good = Client(
        organisation=practice.organisation,
        programme=programme,
        given_name="A",
        family_name="B",
        due_date=due(),
    )
    broken = Client(
        organisation=practice.organisation,
        programme=programme,
        given_name="C",
        family_name="D",
        bsn=BSN_C,
        baby_bsn=BSN_C,
    )
    outcomes = [
        importing.Outcome(row=2, status=importing.Status.NEW, label="A B", obj=good),
        importing.Outcome(row=3, status=importing.Status.NEW, label="C D", obj=broken),
    ]
    count, log = Client.objects.count(), AccessLog.objects.count()
    with pytest.raises(IntegrityError):
        importing.save_all(practice.organisation, "clients", outcomes, user=coordinator, filename="x.csv")
    assert Client.objects.count() == count and AccessLog.objects.count() == log


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00", "foto.csv", "geen CSV- of Excelbestand"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "oud.xls", "oud Excelbestand (.xls)"),
        (b"x" * 10, "leeg.csv", "heeft geen gegevens"),
    ],
)
def test_files_that_are_not_a_list_get_a_clear_message(as_coordinator, practice, content, name, message):
    response = upload(as_coordinator, content, name)
    assert response.status_code == 200
    assert not ImportJob.objects.exists()
    html = response.content.decode()
    assert (
        message in html
        or {"not a CSV or Excel": "geen CSV", ".xls": ".xls", "empty": "leeg"}[message] in html
    )


def test_windows_1252_with_commas_and_an_xlsx_with_serial_dates(as_coordinator, practice):
    d = due()
    upload(as_coordinator, f"Voornaam,Achternaam,ATD\nZoë,Müller,{d:%d-%m-%Y}\n".encode("cp1252"))
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert job.preview[0]["status"] == "new" and job.preview[0]["label"] == "Zoë Müller"

    workbook = Workbook()
    workbook.active.append(["Voornaam", "Achternaam", "À terme datum"])
    workbook.active.append(["Dua", "العلي", (d - dt.date(1899, 12, 30)).days])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(as_coordinator, buffer.getvalue(), "lijst.xlsx")
    xlsx_job = ImportJob.objects.order_by("-pk").first()
    choose_columns(as_coordinator, xlsx_job)
    as_coordinator.post(reverse("transfer:import_run", args=[xlsx_job.pk]))
    assert Client.objects.get(family_name="العلي").due_date == d


def test_columns_must_name_the_required_fields_once(as_coordinator, practice, client_file):
    upload(as_coordinator, client_file)
    job = ImportJob.objects.get()
    response = choose_columns(as_coordinator, job, {"Voornaam": "given_name", "Achternaam": "given_name"})
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED
    assert response.context["problems"]


def test_many_rows_report_progress_and_import_in_one_go(as_coordinator, practice):
    from kring.demo.synthetic import synthetic_bsn

    d = due()
    lines = ["Voornaam;Achternaam;BSN;À terme datum"] + [
        f"Naam{n};Proef;{synthetic_bsn(5000 + n)};{d:%d-%m-%Y}" for n in range(600)
    ]
    upload(as_coordinator, csv_bytes(lines))
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert (job.done_rows, job.total_rows, job.counts["new"]) == (600, 600, 600)
    page = as_coordinator.get(reverse("transfer:import_detail", args=[job.pk]) + "?page=6")
    assert page.context["page"].number == 6 and len(page.context["rows"]) == 100
    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    assert Client.objects.filter(family_name="Proef").count() == 600
    assert (
        AccessLog.objects.filter(action=AccessLog.Action.CREATE, detail__startswith="import").count() == 600
    )


def test_people_with_their_availability(as_coordinator, practice):
    lines = [
        "Voornaam;Achternaam;E-mail;AGB;BIG-nummer;Rollen;Talen;Beschikbaarheid",
        "Fleur;de Jong;fleur@example.test;01234567;19012345601;verloskundige;nl, en;"
        '"ma: ochtend avond; wo: middag"',
        "Bad;Rol;bad@example.test;;1234;chef;nl;ma: ochtend",
        "Slecht;Deel;slecht@example.test;;;tolk;nl;ma: nacht",
    ]
    upload(as_coordinator, csv_bytes(lines), kind="people")
    job = ImportJob.objects.get()
    assert job.kind == "people"
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert [row["status"] for row in job.preview] == ["new", "error", "error"]
    assert set(job.preview[1]["errors"]) == {"roles", "big_number"}
    assert "11 cijfers" in job.preview[1]["errors"]["big_number"][0]
    assert "availability" in job.preview[2]["errors"]
    # Without the bad rows the import runs.
    upload(as_coordinator, csv_bytes(lines[:2]), kind="people")
    good = ImportJob.objects.order_by("-pk").first()
    choose_columns(as_coordinator, good)
    as_coordinator.post(reverse("transfer:import_run", args=[good.pk]))
    fleur = Person.objects.get(email="fleur@example.test")
    assert fleur.availability == {"mon": ["morning", "evening"], "wed": ["afternoon"]}
    assert fleur.role_codes() == {"cz_lead"}
    assert (fleur.agb_code, fleur.big_number) == ("01234567", "19012345601")


def test_only_coordinators_import_and_other_organisations_get_404(
    as_coordinator, as_midwife, as_outsider, practice, client_file
):
    assert as_midwife.get(reverse("transfer:import_start")).status_code == 403
    upload(as_coordinator, client_file)
    job = ImportJob.objects.get()
    for name in ("transfer:import_detail", "transfer:import_columns"):
        assert as_outsider.get(reverse(name, args=[job.pk])).status_code == 404
    assert as_outsider.post(reverse("transfer:import_run", args=[job.pk])).status_code == 404


def test_a_huge_upload_is_refused_before_it_is_read(as_coordinator, practice, client_file, monkeypatch):
    from kring.transfer import jobs

    monkeypatch.setattr(jobs, "MAX_UPLOAD_BYTES", len(client_file) - 1)
    response = upload(as_coordinator, client_file)
    assert response.status_code == 200 and "groter dan 20 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_second_click_does_not_import_twice(as_coordinator, practice, client_file):
    upload(as_coordinator, client_file)
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    count = Client.objects.count()
    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    as_coordinator.post(reverse("transfer:import_run", args=[job.pk]))
    assert Client.objects.count() == count + 3
    assert AccessLog.objects.filter(action=AccessLog.Action.CREATE).count() == 3


def test_without_csrf_token_nothing_is_uploaded(coordinator, practice, client_file):
    from django.test import Client as Browser

    browser = Browser(enforce_csrf_checks=True)
    browser.force_login(coordinator, backend="kring.accounts.backends.EmailOrUsernameBackend")
    assert upload(browser, client_file).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_preview_logs_the_existing_clients_it_shows(as_coordinator, coordinator, practice):
    existing = practice.client
    d = existing.due_date
    upload(
        as_coordinator, csv_bytes(["Voornaam;Achternaam;BSN;ATD", f"Nieuw;Naam;{existing.bsn};{d:%d-%m-%Y}"])
    )
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert job.preview[0]["status"] == "update" and job.preview[0]["match"] == existing.pk
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = as_coordinator.get(reverse("transfer:import_detail", args=[job.pk])).content.decode()
    assert existing.given_name in page  # the old value next to the new one
    entry = AccessLog.objects.get(pk__gt=last)
    assert entry.action == AccessLog.Action.VIEW and entry.detail.endswith(f"clients shown: {existing.pk}")


def test_old_uploads_and_exports_are_forgotten(as_coordinator, practice, client_file):
    from kring.transfer.models import FhirExport

    upload(as_coordinator, client_file)
    old = ImportJob.objects.get()
    export = FhirExport.objects.create(organisation=practice.organisation)
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    FhirExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    upload(as_coordinator, client_file)
    assert not ImportJob.objects.filter(pk=old.pk).exists()
    assert not FhirExport.objects.filter(pk=export.pk).exists()
    assert ImportJob.objects.count() == 1


def test_the_reasons_come_in_the_language_of_the_one_who_uploaded(as_coordinator, practice, settings):
    as_coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    d = due()
    upload(as_coordinator, csv_bytes(["Voornaam;Achternaam;BSN;ATD", f"Fout;Bsn;123456789;{d:%d-%m-%Y}"]))
    job = ImportJob.objects.get()
    assert job.language == "en"
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert "11-check" in job.preview[0]["errors"]["bsn"][0]


def test_same_name_and_due_date_with_another_bsn_is_an_error_not_an_overwrite(as_coordinator, practice):
    existing = practice.client
    d = existing.due_date
    line = f"{existing.given_name};{existing.family_name};{BSN_A};{d:%d-%m-%Y}"
    upload(as_coordinator, csv_bytes(["Voornaam;Achternaam;BSN;ATD", line]))
    job = ImportJob.objects.get()
    choose_columns(as_coordinator, job)
    job.refresh_from_db()
    assert job.preview[0]["status"] == "error"
    assert "ander BSN" in job.preview[0]["errors"]["bsn"][0]
    existing.refresh_from_db()
    assert existing.bsn != BSN_A
