"""Issue 12's last paragraph: a coordinator's and a facilitator's whole day on the demo as
`load_demo` builds it today (not a hand-made fixture), in headless chromium at laptop
(1366×768) and tablet (820×1180) size. Any 4xx/5xx response, any console error or any English
interface word on a (Dutch) page fails the walk."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from kring.care.models import Session
from kring.organisations.demo import DEMO_PASSWORD
from kring.records.models import FollowUp, SessionRecord
from tests.web.dutch_text import english_on

pytestmark = pytest.mark.e2e

LAPTOP_1366 = {"width": 1366, "height": 768}
TABLET = {"width": 820, "height": 1180}


class Watch:
    """Collects every failed response, console error and English word while a page walks."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}"))
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

    def visit(self, path: str) -> None:
        self.page.goto(path)
        self.check()

    def check(self) -> None:
        self.page.wait_for_load_state("networkidle")
        url = self.page.url
        self.problems += [f"English on {url}: {hit}" for hit in english_on(self.page.content())]
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.viewport_size["width"]
        if width > viewport + 1:
            self.problems.append(f"{url} is {width} px wide in a {viewport} px window")


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())


def _login(page, username: str) -> None:
    page.goto("/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_load_state()


def _coordinators_day(watch: Watch) -> None:
    page = watch.page
    _login(page, "coordinator@linde.example")
    watch.check()
    expect(page.get_by_test_id("running-count")).to_be_visible()
    for path in ("/sessions/today/", "/clients/?status=waiting", "/groups/", "/people/", "/calendars/"):
        watch.visit(path)
    # The language filter offers names.
    watch.visit("/clients/")
    page.locator("#id_language").select_option(label="Turks")  # htmx replaces the results
    page.wait_for_url("**language=tr**")
    watch.check()
    page.locator("table a[href^='/clients/']").first.click()
    watch.check()
    page.get_by_role("link", name="Dossier", exact=True).click()
    watch.check()
    # Follow-ups: why, and how to reach her; plan the first one.
    watch.visit("/follow-ups/")
    first = page.locator("tr[data-testid^='follow-up-']").first
    expect(first.get_by_test_id("reason")).to_be_visible()
    first.locator("select[name=status]").select_option("planned")
    visit_day = timezone.localdate() + dt.timedelta(days=7)
    first.locator("input[name=planned_for]").fill(f"{visit_day:%Y-%m-%d}T10:00")
    first.get_by_role("button", name="Opslaan").click()
    watch.check()
    assert FollowUp.objects.filter(status="planned").count() == 1
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state()


def _facilitators_day(watch: Watch) -> None:
    page = watch.page
    _login(page, "verloskundige@linde.example")
    watch.visit("/sessions/today/")
    today = Session.objects.get(date=timezone.localdate(), group__organisation__slug="linde")
    page.locator(".session-tiles").get_by_role("link", name=today.group.name).first.click()
    page.wait_for_url(f"**/sessions/{today.pk}/day/")
    watch.check()
    rows = page.locator("li.member")
    count = rows.count()
    assert count >= 5
    for index in range(count):
        status = "Afgemeld" if index == 0 else "Aanwezig"
        rows.nth(index).get_by_role("button", name=status).click()
        expect(rows.nth(index).get_by_role("button", name=status)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#marked-count")).to_contain_text(f"{count} van {count}")
    watch.check()
    rows.first.locator(".member__name").click()
    watch.check()
    page.go_back()
    page.get_by_test_id("close-session").click()
    watch.check()
    for item in page.locator(".selfcheck__item").all():
        item.get_by_label("meestal").check()
    page.get_by_role("button", name="Zelfcheck opslaan").click()
    page.get_by_test_id("closed-badge").wait_for()
    watch.check()
    assert SessionRecord.objects.get(session=today).closed_at is not None
    # A record with history: the charts have points.
    member = today.group.enrolments.first().client
    watch.visit(f"/records/{member.pk}/")
    assert page.locator("svg.kring-chart circle").count() > 0


@pytest.mark.parametrize("viewport", [LAPTOP_1366, TABLET], ids=["laptop-1366", "tablet-820"])
def test_a_coordinators_and_a_facilitators_day(demo, new_page, viewport, screenshot_dir):
    watch = Watch(new_page(viewport))
    _coordinators_day(watch)
    _facilitators_day(watch)
    watch.page.screenshot(path=str(screenshot_dir / f"whole-day-{viewport['width']}.png"), full_page=True)
    assert not watch.problems, "\n".join(watch.problems)
