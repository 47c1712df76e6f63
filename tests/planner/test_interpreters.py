"""A language group's interpreting co-facilitator must speak the language and be Centering-
trained: the planner is never offered an untrained one, and a hand edit that picks one shows a
clear Dutch conflict and saves nothing unless the coordinator accepts it (issue 13, point 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kring.care.models import Group
from kring.organisations.models import Role, Training
from kring.planner import adjust
from kring.planner.publish import PublishConflict, publish_run
from kring.planner.runs import start_run
from tests.factories import PersonFactory
from tests.planner.conftest import ALL_WEEK
from tests.web.conftest import BACKEND

pytestmark = pytest.mark.django_db


def tigrinya_practice(plannable):
    """Tigrinya-only mothers, a Dutch-speaking lead (and spare) and Cora, who speaks Tigrinya."""
    for client in plannable.clients:
        client.languages = ["ti"]
        client.save(update_fields=["languages"])
    plannable.co.languages = ["nl", "ti"]
    plannable.co.save(update_fields=["languages"])
    return plannable


def train(person, days_ago=30):
    return Training.objects.create(
        person=person, programme="CZ", trained_on=timezone.localdate() - dt.timedelta(days=days_ago)
    )


def plan(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    run.refresh_from_db()
    return run


def test_the_planner_does_not_use_an_untrained_interpreter(plannable):
    tigrinya_practice(plannable)
    run = plan(plannable)
    cora = f"F{plannable.co.pk}"
    assert next(f for f in run.instance["facilitators"] if f["id"] == cora)["languages"] == ["nl"]
    assert run.plan["groups"] == []
    assert len(run.plan["unplaced"]) == 10


def test_once_trained_the_interpreter_co_leads_the_tigrinya_group(plannable):
    tigrinya_practice(plannable)
    train(plannable.co)
    run = plan(plannable)
    [group] = run.plan["groups"]
    assert group["language"] == "ti"
    assert group["co"] == f"F{plannable.co.pk}"


@pytest.fixture
def edit_case(plannable, client):
    """A planned Tigrinya group, and Meron: she spoke Tigrinya and was trained when the plan was
    made, but her training turns out to be entered by mistake and is removed afterwards."""
    tigrinya_practice(plannable)
    train(plannable.co)
    meron = PersonFactory(
        organisation=plannable.organisation,
        given_name="Meron",
        family_name="Tesfay",
        languages=["nl", "ti"],
        roles=[Role.Kind.INTERPRETER],
        availability=ALL_WEEK,
    )
    meron.locations.add(plannable.location)
    train(meron)
    run = plan(plannable)
    meron.trainings.all().delete()
    client.force_login(plannable.coordinator, backend=BACKEND)
    return run, meron, client


def test_edit_check_refuses_an_untrained_interpreter_with_a_dutch_message(plannable, edit_case):
    run, meron, _client = edit_case
    instance, before = adjust.load(run)
    group = before.groups[0]
    edit = adjust.SetFacilitators(group.id, None, group.lead, f"F{meron.pk}")
    after = adjust.apply_edit(instance, before, edit)
    assert adjust.new_conflicts(instance, before, after) == []  # the stored instance still trusts her
    with translation.override("nl"):
        [conflict] = adjust.interpreter_conflicts(plannable.organisation, instance, after, edit)
    assert conflict.rule == 11 and conflict.facilitator == f"F{meron.pk}"
    assert conflict.message.startswith("Meron Tesfay zou Tigrinya tolken")
    assert "Centering-training" in conflict.message


def test_edit_check_passes_a_trained_interpreter(plannable, edit_case):
    run, meron, _client = edit_case
    train(meron)
    instance, before = adjust.load(run)
    group = before.groups[0]
    edit = adjust.SetFacilitators(group.id, None, group.lead, f"F{meron.pk}")
    after = adjust.apply_edit(instance, before, edit)
    assert adjust.interpreter_conflicts(plannable.organisation, instance, after, edit) == []


def test_edit_page_shows_the_conflict_and_saves_only_when_accepted(plannable, edit_case):
    run, meron, client = edit_case
    group = run.plan["groups"][0]
    url = reverse("planner:edit", args=[run.pk, "facilitators"])
    data = {"f-group": group["id"], "f-lead": group["lead"], "f-co": f"F{meron.pk}", "f-pin": "on"}
    page = client.post(url, {**data, "preview": "1"}).content.decode()
    assert 'id="edit-conflicts"' in page
    assert "Meron Tesfay zou Tigrinya tolken, maar heeft de Centering-training" in page
    response = client.post(url, {**data, "save": "1", "revision": 0})
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.plan["groups"][0]["co"] == group["co"] and run.revision == 0
    response = client.post(url, {**data, "save": "1", "revision": 0, "accept_conflicts": "1"})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.plan["groups"][0]["co"] == f"F{meron.pk}"


def test_an_accepted_untrained_interpreter_blocks_publishing(plannable, edit_case):
    run, meron, _client = edit_case
    _instance, before = adjust.load(run)
    group = before.groups[0]
    edit = adjust.SetFacilitators(group.id, None, group.lead, f"F{meron.pk}")
    adjust.save_edit(run.pk, edit, revision=0, pin=False)
    run.refresh_from_db()
    with translation.override("nl"), pytest.raises(PublishConflict) as refused:
        publish_run(run, plannable.coordinator)
    assert any("Meron Tesfay zou Tigrinya tolken" in problem for problem in refused.value.problems)
    assert not Group.objects.filter(organisation=plannable.organisation).exists()
