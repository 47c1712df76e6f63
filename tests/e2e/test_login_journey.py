"""The first journey: a coordinator logs in, sees the dashboard in Dutch, opens a client and
switches to English. Screenshots at laptop and tablet size go to KRING_SCREENSHOT_DIR."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kring.care.scheduling import session_times
from tests.e2e.conftest import LAPTOP, TABLET
from tests.factories import PASSWORD, ClientFactory, COClientFactory, EnrolmentFactory, SessionFactory


@pytest.fixture
def busy_practice(practice, coordinator):
    """The persona practice with a session this week and a few more clients, so the pages
    show what a coordinator normally sees."""
    organisation = practice.organisation
    today = timezone.localdate()
    this_week = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=3)
    starts_at, ends_at = session_times(this_week, practice.group.daypart)
    SessionFactory(
        group=practice.group,
        room=practice.room,
        number=2,
        date=this_week,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    for given, family in [("Ayşe", "Çelik"), ("Ngozi", "Ọkafor"), ("Saba", "Tesfay"), ("Lotte", "Bakker")]:
        ClientFactory(organisation=organisation, given_name=given, family_name=family, languages=["nl", "en"])
    COClientFactory(organisation=organisation, given_name="Fleur", family_name="Visser")
    EnrolmentFactory(group=practice.group, client=ClientFactory(organisation=organisation, given_name="Iris"))
    practice.group.status = "running"
    practice.group.save()
    return practice


def test_coordinator_logs_in_sees_dutch_dashboard_opens_client_switches_to_english(
    new_page, login, busy_practice, coordinator, screenshot_dir
):
    page = new_page(LAPTOP)

    page.goto("/")
    assert "/login/" in page.url  # anonymous: sent to the login page first
    login(page, coordinator.username, PASSWORD)

    assert page.locator("h1").inner_text() == "Overzicht"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Bijeenkomsten deze week" in page.content()
    page.screenshot(path=screenshot_dir / "dashboard-laptop.png", full_page=True)

    page.get_by_role("link", name="Cliënten", exact=True).click()
    page.get_by_role("link", name="Çelik, Ayşe").click()
    assert page.locator("h1").inner_text().startswith("Ayşe Çelik")
    assert "Persoonsgegevens" in page.content()
    page.screenshot(path=screenshot_dir / "client-laptop.png", full_page=True)

    page.get_by_role("button", name="EN", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Personal details" in page.content()
    assert page.locator("h1").inner_text().startswith("Ayşe Çelik")  # back on the same page

    page.get_by_role("link", name="Dashboard", exact=True).click()
    assert page.locator("h1").inner_text() == "Dashboard"


def test_dashboard_and_client_page_fit_a_tablet(new_page, login, busy_practice, coordinator, screenshot_dir):
    page = new_page(TABLET)
    login(page, coordinator.username, PASSWORD)
    assert page.locator("h1").inner_text() == "Overzicht"
    # Nothing wider than the screen: no sideways scrolling on a tablet in portrait.
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    page.screenshot(path=screenshot_dir / "dashboard-tablet.png", full_page=True)

    client = busy_practice.client
    page.goto(f"/clients/{client.pk}/")
    assert page.locator("h1").inner_text().startswith(client.given_name)
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    page.screenshot(path=screenshot_dir / "client-tablet.png", full_page=True)
