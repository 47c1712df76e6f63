"""Planning through the API: start a run, follow it, fetch the plan in the exchange format
(valid by the planning rules), publish it once, read the versions. Coordinators only."""

from __future__ import annotations

import pytest

from kring.api.tokens import create_token
from kring.audit.models import AccessLog
from kring.planner.models import PlanningRun, PlanVersion
from kring.planning.model import read_instance, read_plan
from kring.planning.rules import check
from tests.api.conftest import api_client
from tests.planner.conftest import make_plannable


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """The run is solved during the request (production and the journey test use a worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.KRING_PLANNER_TIME_LIMIT_S = 3
    settings.KRING_PLANNER_WORKERS = 1


@pytest.fixture
def practice(db):
    return make_plannable("api-plan")


@pytest.fixture
def planner(practice):
    _token, key = create_token(practice.organisation, practice.coordinator, name="planner", read_only=False)
    return api_client(key)


def test_start_follow_fetch_and_publish(practice, planner):
    started = planner.post("/api/v1/planner-runs/", {"method": "greedy"}, format="json")
    assert started.status_code == 202, started.json()
    run_id = started.json()["id"]

    run = planner.get(f"/api/v1/planner-runs/{run_id}/").json()
    plan = planner.get(f"/api/v1/planner-runs/{run_id}/plan/").json()
    instance = planner.get(f"/api/v1/planner-runs/{run_id}/instance/").json()

    assert run["status"] == "done" and run["progress"]["percent"] == 100 and run["method"] == "greedy"
    assert plan["format"] == "kring-plan/1" and instance["format"] == "kring-instance/1"
    report = check(read_instance(instance), read_plan(plan))
    assert report.valid and report.penalty == plan["penalty"] == run["penalty"]
    placed = {m for g in plan["groups"] for m in g["members"]}
    assert placed == {f"C{c.pk}" for c in practice.clients}

    published = planner.post(f"/api/v1/planner-runs/{run_id}/publish/")
    again = planner.post(f"/api/v1/planner-runs/{run_id}/publish/")
    versions = planner.get("/api/v1/plan-versions/").json()

    assert published.status_code == 201 and published.json()["number"] == 1
    assert again.status_code == 409 and again.json()["detail"]
    assert [v["number"] for v in versions["results"]] == [1]
    assert planner.get(f"/api/v1/planner-runs/{run_id}/").json()["published_version"] == 1
    assert practice.organisation.groups.count() == len(plan["groups"])


def test_fetching_the_plan_and_publishing_are_logged(practice, planner):
    run_id = planner.post("/api/v1/planner-runs/", {"method": "greedy"}, format="json").json()["id"]
    since = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0

    planner.get(f"/api/v1/planner-runs/{run_id}/plan/")
    planner.post(f"/api/v1/planner-runs/{run_id}/publish/")

    export, change = AccessLog.objects.filter(id__gt=since).order_by("id")
    ids = ",".join(str(pk) for pk in sorted(c.pk for c in practice.clients))
    assert export.action == AccessLog.Action.EXPORT and f"clients {ids}" in export.detail
    assert change.action == AccessLog.Action.CHANGE and f"clients {ids}" in change.detail


def test_a_run_without_a_plan_yet(practice, planner, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # stays queued
    run_id = planner.post("/api/v1/planner-runs/", {}, format="json").json()["id"]

    status = planner.get(f"/api/v1/planner-runs/{run_id}/").json()
    plan = planner.get(f"/api/v1/planner-runs/{run_id}/plan/")
    publish = planner.post(f"/api/v1/planner-runs/{run_id}/publish/")
    cancelled = planner.post(f"/api/v1/planner-runs/{run_id}/cancel/").json()

    assert status["status"] == "queued" and status["method"] == "cpsat"
    assert plan.status_code == 404 and plan.json()["detail"]
    assert publish.status_code == 409 and not PlanVersion.objects.exists()
    assert cancelled["status"] == "cancelled"


def test_the_same_idempotency_key_starts_one_run(practice, planner, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    headers = {"HTTP_IDEMPOTENCY_KEY": "plan-2027-01"}

    first = planner.post("/api/v1/planner-runs/", {"method": "greedy"}, format="json", **headers)
    second = planner.post("/api/v1/planner-runs/", {"method": "greedy"}, format="json", **headers)
    other = planner.post("/api/v1/planner-runs/", {"method": "cpsat"}, format="json", **headers)

    assert first.json()["id"] == second.json()["id"] and second.status_code == 202
    assert other.status_code == 422
    assert PlanningRun.objects.count() == 1


def test_a_bad_method_is_refused(practice, planner):
    response = planner.post("/api/v1/planner-runs/", {"method": "magic"}, format="json")

    assert response.status_code == 400 and "method" in response.json()
    assert not PlanningRun.objects.exists()


def test_planning_is_for_coordinators(practice):
    lead = practice.lead
    from tests.factories import UserFactory

    lead.user = UserFactory(username="lotte")
    lead.save()
    browser = api_client()
    browser.force_login(lead.user)

    assert browser.get("/api/v1/planner-runs/").status_code == 403
    assert browser.post("/api/v1/planner-runs/", {}, format="json").status_code == 403
    assert browser.get("/api/v1/plan-versions/").status_code == 403
