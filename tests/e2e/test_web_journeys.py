"""Browser checks of the small scripts under the strict CSP: live client search (htmx), the
availability grid's row and column toggles, and no CSP violation on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kring.organisations.models import Role
from tests.e2e.conftest import TABLET
from tests.factories import PASSWORD, ClientFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def csp_violations():
    return []


def watch_csp(page, violations: list[str]) -> None:
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )


def test_client_search_updates_while_typing(new_page, login, practice, coordinator, csp_violations):
    ClientFactory(organisation=practice.organisation, given_name="Ayşe", family_name="Çelik")
    page = new_page()
    watch_csp(page, csp_violations)
    login(page, coordinator.username, PASSWORD)
    page.goto("/clients/")
    assert page.get_by_role("link", name="Jansen, Wachtend").is_visible()

    page.locator("#id_q").press_sequentially("Çel", delay=50)

    page.get_by_role("link", name="Çelik, Ayşe").wait_for()
    page.get_by_role("link", name="Jansen, Wachtend").wait_for(state="detached")
    assert "q=%C3%87el" in page.url or "q=Çel" in page.url  # the search is in the address bar
    assert csp_violations == []


def test_availability_grid_toggles_a_whole_weekday_on_a_tablet(
    new_page, login, practice, coordinator, csp_violations
):
    lead = practice.lead
    lead.availability = {}
    lead.save()
    page = new_page(TABLET)
    watch_csp(page, csp_violations)
    login(page, coordinator.username, PASSWORD)
    page.goto(f"/people/{lead.pk}/availability/")

    page.locator("th[scope=row]", has_text="woensdag").get_by_role("button").click()
    page.locator("#id_fri__evening").check()
    page.get_by_role("button", name="Beschikbaarheid opslaan").click()
    page.wait_for_load_state()

    lead.refresh_from_db()
    assert lead.availability == {"wed": ["morning", "afternoon", "evening"], "fri": ["evening"]}
    assert "is opgeslagen" in page.content()
    assert csp_violations == []


def test_organisation_switcher_submits_on_change(new_page, login, practice, coordinator, csp_violations):
    other = OrganisationFactory(name="Andere Praktijk", slug="andere")
    PersonFactory(organisation=other, user=coordinator, roles=[Role.Kind.COORDINATOR])
    page = new_page()
    watch_csp(page, csp_violations)
    login(page, coordinator.username, PASSWORD)
    assert not page.locator("[data-autosubmit-button]").first.is_visible()  # JS hides the button

    page.locator("#orgswitch-select").select_option(label=practice.organisation.name)

    # The form submits on change; wait for the new page rather than reading the old one.
    expect(page.locator(".page-header")).to_contain_text(practice.organisation.name)
    assert csp_violations == []
