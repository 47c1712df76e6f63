"""The evaluation journey in headless chromium: the coordinator makes the annual report in the
background and downloads the PDF; the national viewer (Stichting Centering Nederland) sees
the suppressed national table, downloads its CSV and never a client's name."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kring.reports.models import NationalOptIn, NationalViewer
from tests.e2e.conftest import LAPTOP, TABLET
from tests.factories import PASSWORD, UserFactory
from tests.reports.builders import YEAR, build_rekenhulp

pytestmark = pytest.mark.e2e


@pytest.fixture
def country(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    first = build_rekenhulp("Praktijk Een", "een")
    second = build_rekenhulp("Praktijk Twee", "twee")
    for world in (first, second):
        NationalOptIn.objects.create(organisation=world.organisation)
    viewer = UserFactory(username="scn")
    NationalViewer.objects.create(user=viewer)
    return first, second, viewer


def test_coordinator_downloads_the_annual_report_and_the_national_viewer_sees_no_client(
    new_page, login, country, screenshot_dir
):
    first, second, viewer = country
    page = new_page(LAPTOP)
    login(page, first.coordinator.username, PASSWORD)

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
    assert "Sessies (niet geannuleerd) 6" in text
    assert "Wachttijd van intake tot sessie 1 (mediaan) 28 dagen" in text

    national = new_page(TABLET)
    login(national, viewer.username, PASSWORD)
    national.get_by_role("link", name="Landelijk beeld").first.click()
    national.locator("select[name=year]").select_option(str(YEAR))
    national.locator("#national-show").click()
    national.wait_for_load_state()
    assert national.locator("h1").inner_text() == f"Landelijk beeld {YEAR}"
    table = national.locator("#national-table-1")
    assert table.locator("abbr", has_text="x").count() == 4
    assert table.locator("tr.total").inner_text().split()[-2:] == ["10", "10"]
    national.screenshot(path=screenshot_dir / "national-view.png", full_page=True)
    with national.expect_download() as csv_info:
        national.locator("#national-csv").click()
    csv_text = Path(csv_info.value.path()).read_text(encoding="utf-8-sig")
    assert "Deelnemers per organisatie en jaar;Praktijk Een;2025;x" in csv_text
    names = {client.given_name for world in (first, second) for client in world.clients}
    for text in (national.content(), csv_text):
        assert not any(name in text for name in names)
