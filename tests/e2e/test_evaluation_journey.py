"""The evaluation journey in headless chromium: the coordinator opens the outcome dashboard,
filters to one location and downloads its CSV, then makes the annual report in the background
and downloads the PDF; the national viewer (Stichting Centering Nederland) sees the suppressed
national table, downloads its CSV and never a client's name."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kring.care.models import Group, Session
from kring.reports.models import NationalOptIn, NationalViewer
from tests.e2e.conftest import LAPTOP, TABLET
from tests.factories import (
    PASSWORD,
    EnrolmentFactory,
    GroupFactory,
    LocationFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
)
from tests.reports.builders import YEAR, build_rekenhulp

pytestmark = pytest.mark.e2e


@pytest.fixture
def country(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    first = build_rekenhulp("Praktijk Een", "een")
    second = build_rekenhulp("Praktijk Twee", "twee")
    for world in (first, second):
        NationalOptIn.objects.create(organisation=world.organisation)
    # a second location of the first practice with one more group (one participant)
    north = LocationFactory(organisation=first.organisation, name="Noord")
    group = GroupFactory(
        organisation=first.organisation,
        location=north,
        name="CZ Noord",
        lead=first.groups["A"].lead,
        co=first.groups["A"].co,
        status=Group.Status.FINISHED,
    )
    SessionFactory(
        group=group,
        room=RoomFactory(location=north),
        number=1,
        date=dt.date(2025, 5, 13),
        status=Session.Status.HELD,
    )
    EnrolmentFactory(group=group, joined_on=dt.date(2025, 4, 1))
    viewer = UserFactory(username="scn")
    NationalViewer.objects.create(user=viewer)
    return first, second, viewer


def test_coordinator_downloads_the_annual_report_and_the_national_viewer_sees_no_client(
    new_page, login, country, screenshot_dir
):
    first, second, viewer = country
    page = new_page(LAPTOP)
    login(page, first.coordinator.username, PASSWORD)

    # The outcome dashboard, all locations and then one.
    page.get_by_role("link", name="Evaluatie").click()
    page.locator("#dashboard-filters input[name=start]").fill(f"{YEAR}-01-01")
    page.locator("#dashboard-filters input[name=end]").fill(f"{YEAR}-12-31")
    page.locator("#dashboard-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#figure-participants").inner_text() == "6"
    page.locator("#dashboard-filters select[name=location]").select_option(label="Centrum")
    page.locator("#dashboard-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#figure-participants").inner_text() == "5"
    assert page.locator("#figure-groups").inner_text() == "2"
    page.screenshot(path=screenshot_dir / "evaluation-dashboard-centrum.png", full_page=True)
    with page.expect_download() as csv_info:
        page.locator("#csv-download").click()
    dashboard_csv = Path(csv_info.value.path()).read_text(encoding="utf-8-sig")
    assert "breastfeeding_start" in dashboard_csv
    rows = {row[1]: row for row in csv.reader(io.StringIO(dashboard_csv), delimiter=";") if len(row) > 4}
    assert rows["breastfeeding_start"][2:5] == ["3", "4", "1"]  # yes, known, missing (Centrum only)

    page.get_by_role("link", name="Verslagen").click()
    assert page.locator("h1").inner_text() == "Verslagen"
    page.screenshot(path=screenshot_dir / "reports-home.png", full_page=True)
    page.locator("select[name=year]").select_option(str(YEAR))
    page.locator("select[name=language]").select_option("nl")
    page.get_by_role("button", name="Jaarverslag maken").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"Jaarverslag {YEAR}"
    page.screenshot(path=screenshot_dir / "annual-report-ready.png", full_page=True)
    with page.expect_download() as download_info:
        page.locator("#report-download").click()
    download = download_info.value
    assert download.suggested_filename == f"kring-jaarverslag-een-{YEAR}-nl.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert f"Jaarverslag {YEAR}" in text
    assert "Deelnemers 6 " in text  # the whole practice, both locations
    assert "Gehouden sessies 6 " in text

    national = new_page(TABLET)
    login(national, viewer.username, PASSWORD)
    national.get_by_role("link", name="Landelijk beeld").first.click()
    national.locator("select[name=year]").select_option(str(YEAR))
    national.locator("#national-show").click()
    national.wait_for_load_state()
    assert national.locator("h1").inner_text() == f"Landelijk beeld {YEAR}"
    table = national.locator("#national-table-1")
    assert table.locator("abbr", has_text="x").count() == 4
    assert table.locator("tr.total").inner_text().split()[-2:] == ["11", "11"]  # 6 + 5, each hidden
    national.screenshot(path=screenshot_dir / "national-view.png", full_page=True)
    with national.expect_download() as csv_info:
        national.locator("#national-csv").click()
    csv_text = Path(csv_info.value.path()).read_text(encoding="utf-8-sig")
    assert "Deelnemers per organisatie en jaar;Praktijk Een;2025;x" in csv_text
    names = {client.given_name for world in (first, second) for client in world.clients}
    for text in (national.content(), csv_text):
        assert not any(name in text for name in names)
