"""The coordinator's planning journey in headless chromium: log in, plan the waiting clients,
review the plan, move a session to another room, publish, and find the moved session in the
lead facilitator's calendar feed."""

from __future__ import annotations

import icalendar
import pytest

from kring.care.models import Group
from tests.e2e.conftest import LAPTOP
from tests.factories import PASSWORD, UserFactory
from tests.planner.conftest import make_plannable

pytestmark = pytest.mark.e2e


@pytest.fixture
def practice_to_plan(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.KRING_PLANNER_TIME_LIMIT_S = 3
    settings.KRING_PLANNER_WORKERS = 1
    world = make_plannable("journey")
    # Both midwives can log in: which one leads depends on the planner's choice (ids among them).
    for person, username in ((world.lead, "lotte"), (world.spare, "sanne")):
        person.user = UserFactory(username=username)
        person.save()
    return world


def test_coordinator_plans_reviews_moves_publishes_and_the_lead_sees_it(
    new_page, login, practice_to_plan, screenshot_dir
):
    world = practice_to_plan
    page = new_page(LAPTOP)
    login(page, world.coordinator.username, PASSWORD)

    page.goto("/planning/")
    assert page.locator("h1").inner_text() == "Planning"
    assert "10 cliënten wachten op een groep." in page.content()
    page.locator("select[name=method]").select_option("greedy")
    page.get_by_role("button", name="Groepen plannen").click()
    page.wait_for_load_state()

    # Review: the calendar opens on the first month with sessions, and the change list.
    assert page.locator("h1").inner_text().startswith("Planning #")
    assert page.locator(".plan-session").count() >= 1
    assert "Nieuwe groep" in page.locator("#changes").inner_text()
    page.screenshot(path=screenshot_dir / "planner-review.png", full_page=True)
    page.get_by_role("link", name="Week", exact=True).click()
    assert page.locator(".plan-calendar--week").count() == 1

    # Move session 3 to the other room; the check comes before saving.
    page.locator("a.move-session").nth(2).click()
    assert page.locator("h1").inner_text() == "Bijeenkomst verplaatsen"
    page.locator("select[name=s-room]").select_option(label="Tuinkamer")
    page.locator("#edit-check").click()
    page.screenshot(path=screenshot_dir / "planner-edit.png", full_page=True)
    assert "Geen conflicten" in page.locator("#edit-ok").inner_text()
    page.locator("#edit-save").click()
    assert "Opgeslagen." in page.content()
    third_row = page.locator(".plan-group table tbody tr").nth(2)
    assert "Tuinkamer" in third_row.inner_text()
    moved_date = third_row.locator("td").nth(1).inner_text()

    page.locator("#publish").click()
    page.wait_for_load_state()
    # Publishing first shows what changes and how many messages go out, and asks to confirm.
    assert page.locator("h1").inner_text() == "Plan publiceren"
    assert "10 berichten" in page.locator("#message-count").inner_text()
    page.screenshot(path=screenshot_dir / "planner-publish-confirm.png", full_page=True)
    page.locator("#publish-confirm").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Versie 1"
    assert page.locator("#outbox tbody tr").count() == 10
    page.screenshot(path=screenshot_dir / "planner-published.png", full_page=True)

    # The group's lead logs in and opens her own calendar link.
    lead = Group.objects.get(organisation=world.organisation).lead
    lead_page = new_page(LAPTOP)
    login(lead_page, lead.user.username, PASSWORD)
    lead_page.goto("/calendars/")
    feed_url = lead_page.locator("input.feed-url").first.input_value()
    feed = lead_page.request.get(feed_url)
    assert feed.ok
    events = list(icalendar.Calendar.from_ical(feed.body()).walk("VEVENT"))
    assert len(events) == 10
    in_tuinkamer = [e for e in events if "Tuinkamer" in str(e.get("LOCATION"))]
    assert len(in_tuinkamer) == 1
    start = in_tuinkamer[0].decoded("DTSTART")
    assert f"{start:%d-%m-%Y}" in moved_date


def test_progress_page_follows_the_background_run_and_cancel_stops_a_queued_one(
    new_page, login, practice_to_plan, settings
):
    from kring.planner.models import PlanningRun
    from kring.planner.runs import execute_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued only
    page = new_page(LAPTOP)
    login(page, practice_to_plan.coordinator.username, PASSWORD)
    page.goto("/planning/")
    page.get_by_role("button", name="Groepen plannen").click()
    page.wait_for_load_state()
    assert page.locator("progress#run-bar").count() == 1
    assert page.locator("#run-status").inner_text() == "In de wachtrij"

    run = PlanningRun.objects.latest("pk")
    execute_run(run.pk)  # what the database worker does; the page polls and then opens the review
    page.wait_for_url(f"**/planning/runs/{run.pk}/", wait_until="load")
    page.locator(".plan-calendar").wait_for()
    assert page.locator("h1").inner_text().startswith(f"Planning #{run.pk}")

    page.goto("/planning/")
    page.get_by_role("button", name="Groepen plannen").click()
    page.locator("#run-cancel").click()
    page.wait_for_load_state()
    assert page.locator("#run-status").inner_text() == "Geannuleerd"
    assert PlanningRun.objects.latest("pk").status == PlanningRun.Status.CANCELLED
