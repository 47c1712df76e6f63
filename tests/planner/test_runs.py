"""Planning runs: the instance from the database, the background task, progress, cancel."""

from __future__ import annotations

import datetime as dt

import pytest

from kring.organisations.models import ClosedDate
from kring.planner.instance_builder import build_for_organisation, db_pk, public_holidays
from kring.planner.models import PlanningRun
from kring.planner.runs import cancel_run, execute_run, start_run
from kring.planning.model import read_instance, read_plan
from kring.planning.rules import check

pytestmark = pytest.mark.django_db


def test_instance_has_the_practice_and_dutch_holidays(plannable):
    ClosedDate.objects.create(organisation=plannable.organisation, date=dt.date(2030, 7, 1), reason="uitje")
    data, skipped = build_for_organisation(
        plannable.organisation, plan_start=dt.date(2027, 1, 4), horizon_end=dt.date(2031, 1, 1)
    )
    instance = read_instance(data)
    assert len(instance.clients) == 10
    assert skipped == []
    assert dt.date(2027, 4, 27) in instance.closed_dates  # King's Day
    assert dt.date(2027, 12, 25) in instance.closed_dates
    assert dt.date(2030, 7, 1) in instance.closed_dates  # the organisation's own closure
    assert {db_pk(c.id) for c in instance.clients} == {c.pk for c in plannable.clients}


def test_public_holidays_include_easter_monday():
    assert dt.date(2027, 3, 29) in public_holidays(dt.date(2027, 1, 1), dt.date(2027, 12, 31))


def test_greedy_run_finishes_with_a_valid_plan(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, method=PlanningRun.Method.GREEDY)
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.DONE
    assert run.progress_fraction == 1.0
    plan = read_plan(run.plan)
    assert check(read_instance(run.instance), plan).valid
    assert sum(len(g.members) for g in plan.groups) == 10


def test_optimiser_run_places_everyone(plannable):
    run = start_run(plannable.organisation, plannable.coordinator)
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.DONE, run.error
    plan = read_plan(run.plan)
    assert check(read_instance(run.instance), plan).valid
    assert plan.unplaced == ()
    assert run.penalty == plan.penalty


def test_a_run_is_solved_once(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    first = PlanningRun.objects.get(pk=run.pk).finished_at
    assert execute_run(run.pk) == PlanningRun.Status.DONE
    assert PlanningRun.objects.get(pk=run.pk).finished_at == first


def test_cancelled_before_it_starts_never_runs(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    cancel_run(run)
    assert execute_run(run.pk) == PlanningRun.Status.CANCELLED
    run.refresh_from_db()
    assert run.plan is None


def test_unknown_run_id_is_harmless(db):
    assert execute_run(999_999) == "missing"


def test_a_run_whose_worker_died_is_marked_failed(plannable):
    import datetime as dt

    from django.utils import timezone

    from kring.planner.runs import expire_if_stale

    run = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    PlanningRun.objects.filter(pk=run.pk).update(
        status=PlanningRun.Status.RUNNING, progress_at=timezone.now() - dt.timedelta(hours=1)
    )
    run.refresh_from_db()
    assert expire_if_stale(run).status == PlanningRun.Status.FAILED
    assert run.error
    fresh = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    PlanningRun.objects.filter(pk=fresh.pk).update(
        status=PlanningRun.Status.RUNNING, progress_at=timezone.now()
    )
    fresh.refresh_from_db()
    assert expire_if_stale(fresh).status == PlanningRun.Status.RUNNING


def test_a_queued_run_with_no_worker_says_so(client, plannable):
    from django.urls import reverse
    from django.utils import timezone

    from kring.planner.runs import waiting_without_worker
    from tests.web.conftest import BACKEND

    run = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    assert not waiting_without_worker(run)  # just queued: the worker may pick it up any moment
    PlanningRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    run.refresh_from_db()
    assert waiting_without_worker(run)
    client.force_login(plannable.coordinator, backend=BACKEND)
    status = client.get(reverse("planner:status", args=[run.pk])).json()
    assert "achtergrondproces" in status["notice"]
    page = client.get(reverse("planner:run", args=[run.pk])).content.decode()
    assert 'id="run-notice"' in page and "achtergrondproces" in page

    # While another run is being solved, a queued one simply waits its turn.
    busy = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    PlanningRun.objects.filter(pk=busy.pk).update(
        status=PlanningRun.Status.RUNNING, progress_at=timezone.now()
    )
    assert not waiting_without_worker(run)


def test_progress_shows_only_whole_plans_penalties_and_ends_at_the_plans_own(plannable):
    from kring.planner.runs import _Monitor

    run = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    monitor = _Monitor(run, threaded=False)
    monitor.progress({"phase": "pass 1", "penalty": 5000})
    monitor.progress({"phase": "window 2.1", "penalty": 120})  # part of the plan only: not shown
    monitor.progress({"phase": "search", "penalty": 4800})
    monitor.progress({"phase": "pass 2", "penalty": 4900})  # worse than the best so far
    monitor.flush()
    run.refresh_from_db()
    assert run.progress_penalty == 4800

    execute_run(run.pk)
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.DONE
    assert run.progress_penalty == run.penalty == read_plan(run.plan).penalty
