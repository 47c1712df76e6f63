"""The session-day journey on a tablet (820×1180) in headless chromium: the midwife opens
today's session, marks attendance, hands the tablet round for self-measurement (an impossible
value is refused, an abnormal one saved and flagged), closes the session and fills in the
essential-elements self-check."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kring.records.models import Attendance, FidelitySelfCheck, FollowUp, Measurement
from tests.e2e.conftest import TABLET
from tests.records.builders import PASSWORD, build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


def test_run_a_session_on_a_tablet(world, new_page, login, screenshot_dir):
    page = new_page(TABLET)
    login(page, "mira", PASSWORD)
    ayse, ngozi, _mila = world.clients

    # Open today's session.
    page.goto("/sessions/today/")
    page.get_by_role("link", name=world.group.name).click()
    page.wait_for_url(f"**/sessions/{world.session.pk}/day/")
    member = page.get_by_test_id(f"member-{ayse.pk}")
    assert member.locator(".member__name").inner_text() == "Ayşe"

    # Attendance: Ayşe present with her partner, Ngozi late.
    member.get_by_label("partner was er").check()
    member.get_by_role("button", name="Aanwezig").click()
    # htmx swaps the row in place; wait for the new row rather than a page load.
    expect(page.get_by_test_id(f"member-{ayse.pk}").get_by_role("button", name="Aanwezig")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_test_id(f"member-{ngozi.pk}").get_by_role("button", name="Te laat").click()
    expect(page.get_by_test_id(f"member-{ngozi.pk}").get_by_role("button", name="Te laat")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.screenshot(path=str(screenshot_dir / "session-day-tablet.png"), full_page=True)

    # Self-measurement: the tablet goes round; Ayşe picks her name.
    page.get_by_test_id("self-measurement").click()
    page.get_by_role("link", name="Ayşe").click()
    page.get_by_label("Bovendruk").fill("30")
    page.get_by_label("Onderdruk").fill("300")
    page.get_by_test_id("save-measurement").click()
    assert "Er is niets opgeslagen" in page.get_by_test_id("refused").inner_text()
    assert Measurement.objects.count() == 0
    page.get_by_label("Bovendruk").fill("250")
    page.get_by_label("Onderdruk").fill("150")
    page.get_by_label("Gewicht").fill("72,5")
    page.get_by_test_id("save-measurement").click()
    page.get_by_test_id("saved").wait_for()
    assert "de verloskundige kijkt hiernaar" in page.content()
    page.screenshot(path=str(screenshot_dir / "self-measurement-saved-tablet.png"), full_page=True)
    page.get_by_test_id("next-person").click()
    # Only a facilitator's password takes the tablet out of self-measurement mode.
    page.get_by_role("link", name="Terug naar de bijeenkomst (begeleiders)").click()
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_test_id("unlock").click()

    # Close the session, then the one-minute self-check.
    page.get_by_test_id("close-session").click()
    page.wait_for_url(f"**/sessions/{world.session.pk}/self-check/")
    for item in page.locator(".selfcheck__item").all():
        item.get_by_label("meestal").check()
    page.get_by_role("button", name="Zelfcheck opslaan").click()
    page.get_by_test_id("closed-badge").wait_for()

    page.screenshot(path=str(screenshot_dir / "session-closed-tablet.png"), full_page=True)

    # Her record: the blood pressure chart with the 140/90 lines and her flagged reading.
    page.goto(f"/records/{ayse.pk}/")
    chart = page.locator("svg.kring-chart").first
    assert chart.locator("line.reference").count() == 2
    assert chart.locator("circle.flagged").count() == 2
    page.screenshot(path=str(screenshot_dir / "record-tablet.png"), full_page=True)

    assert Attendance.objects.get(client=ayse).partner_present
    assert Attendance.objects.get(client=ngozi).status == "late"
    saved = Measurement.objects.filter(client=ayse)
    assert saved.count() == 3 and saved.filter(flagged=True).count() == 2
    assert {m.measured_by for m in saved} == {"participant"}
    assert list(FollowUp.objects.values_list("client__given_name", flat=True)) == ["Mila"]
    assert FidelitySelfCheck.objects.get().total == 26
