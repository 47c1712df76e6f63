"""Every list as CSV and Excel: no cell runs as a formula, each client in an export is
access-logged, and nobody exports what their pages would not show them."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kring.audit.models import AccessLog
from kring.records.models import Attendance, Birth, FollowUp, Measurement
from kring.transfer.lists import LISTS

FORMULA = ("=", "+", "-", "@", "\t")


@pytest.fixture
def records(practice, coordinator):
    """A formula in a name, attendance, a measurement and a follow-up for the practice's client."""
    client = practice.client
    client.given_name = '=HYPERLINK("http://evil.test","klik")'
    client.family_name = "+31 Çelik"
    client.save()
    Attendance.objects.create(
        session=practice.session, client=client, status="present", recorded_by=coordinator
    )
    Measurement.objects.create(
        client=client,
        session=practice.session,
        kind="weight",
        value="72.5",
        unit="kg",
        loinc="29463-7",
        measured_by="professional",
        measured_at=timezone.now(),
    )
    FollowUp.objects.create(client=practice.waiting_client, session=practice.session)
    Birth.objects.create(
        client=client, born_on=timezone.localdate(), birth_weight_g=3400, registered_by=coordinator
    )
    return client


def read_xlsx(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.value is None or cell.data_type == "s", (cell.coordinate, cell.value, cell.data_type)
        rows.append([cell.value for cell in row])
    return rows


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert all(not cell.startswith(FORMULA) for row in rows for cell in row)
    return rows


@pytest.mark.parametrize("name", [name for name in LISTS if name != "access-log"])
def test_every_list_as_csv_and_xlsx_for_the_coordinator(as_coordinator, records, name):
    for fmt in ("csv", "xlsx"):
        response = as_coordinator.get(reverse("transfer:list_export", args=[name, fmt]))
        assert response.status_code == 200, (name, fmt)
        assert response["Cache-Control"] == "no-store"
        assert f"kring-{name}-" in response["Content-Disposition"]
        content = b"".join(response.streaming_content) if response.streaming else response.content
        rows = read_csv(content) if fmt == "csv" else read_xlsx(content)
        assert len(rows[0]) == len(LISTS[name].header)
        assert len(rows) >= 2, f"{name} exported no data rows"


def test_formula_names_stay_text_and_each_exported_client_is_logged(
    as_coordinator, coordinator, records, practice
):
    before = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count()
    xlsx = as_coordinator.get(reverse("transfer:list_export", args=["clients", "xlsx"])).content
    rows = read_xlsx(xlsx)
    names = [row[1] for row in rows[1:]]
    assert '=HYPERLINK("http://evil.test","klik")' in names  # text, with Excel's quote prefix
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert all(cell.quotePrefix for cell in sheet["B"] if str(cell.value).startswith("="))
    csv_rows = read_csv(as_coordinator.get(reverse("transfer:list_export", args=["clients", "csv"])).content)
    assert '\'=HYPERLINK("http://evil.test","klik")' in [row[1] for row in csv_rows]
    entries = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("pk")[before:]
    logged = sorted(entry.client_id for entry in entries)
    exported = sorted(int(row[0]) for row in rows[1:]) * 2  # xlsx and csv
    assert logged == sorted(exported)
    assert all(entry.user == coordinator for entry in entries)


def test_the_access_log_is_for_the_privacy_officer_only(as_privacy_officer, as_coordinator, records):
    assert as_coordinator.get(reverse("transfer:list_export", args=["access-log", "csv"])).status_code == 403
    as_coordinator.get(
        reverse("transfer:list_export", args=["clients", "csv"])
    )  # something to see in the log
    rows = read_xlsx(
        as_privacy_officer.get(reverse("transfer:list_export", args=["access-log", "xlsx"])).content
    )
    assert len(rows) > 1 and rows[0][0] == "Nummer"
    # The privacy officer sees no client data: the client list is empty for them.
    client_rows = read_csv(
        as_privacy_officer.get(reverse("transfer:list_export", args=["clients", "csv"])).content
    )
    assert client_rows[1:] == []


def test_an_outsider_exports_only_their_own_organisation(as_outsider, records, practice):
    rows = read_csv(as_outsider.get(reverse("transfer:list_export", args=["clients", "csv"])).content)
    assert str(practice.client.pk) not in [row[0] for row in rows[1:]]
    assert len(rows) == 2  # the outsider's own one client


def test_unknown_lists_and_formats_are_404(as_coordinator, practice):
    assert as_coordinator.get(reverse("transfer:list_export", args=["secrets", "csv"])).status_code == 404
    assert as_coordinator.get(reverse("transfer:list_export", args=["clients", "pdf"])).status_code == 404


def test_the_export_page_lists_every_list(as_coordinator, as_privacy_officer, practice):
    page = as_coordinator.get(reverse("transfer:home")).content.decode()
    for name in LISTS:
        if name != "access-log":
            assert reverse("transfer:list_export", args=[name, "xlsx"]) in page
    assert reverse("transfer:list_export", args=["access-log", "csv"]) not in page
    assert (
        reverse("transfer:list_export", args=["access-log", "csv"])
        in as_privacy_officer.get(reverse("transfer:home")).content.decode()
    )


def test_the_filtered_client_list_as_excel(as_coordinator, records, practice):
    response = as_coordinator.get(reverse("web:client_export_xlsx"), {"status": "waiting"})
    assert response["Content-Disposition"].endswith('kring-clients.xlsx"')
    rows = read_xlsx(response.content)
    assert [row[0] for row in rows[1:]] == [str(practice.waiting_client.pk)]
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail__contains="XLSX export").exists()
    page = as_coordinator.get(reverse("web:client_list")).content.decode()
    assert reverse("web:client_export_xlsx") in page and "Exporteren (Excel)" in page
