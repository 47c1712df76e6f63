"""Issue 11, point 4, on both engines: which run a worker may start (kring.planner.runs.claim_run)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.planner.models import PlanningRun
from kring.planner.runs import claim_run, start_run
from kring.planner.tasks import plan_run
from tests.planner.conftest import make_plannable


def queued_runs(count: int, slug: str = "claim"):
    plannable = make_plannable(slug, clients=3)
    return [start_run(plannable.organisation, plannable.coordinator, enqueue=False) for _ in range(count)]


def deferred_tasks():
    return DBTaskResult.objects.filter(task_path=plan_run.module_path, run_after__gt=timezone.now())


def test_the_oldest_waiting_run_of_an_idle_organisation_is_claimed(db):
    first, _second = queued_runs(2)

    assert claim_run(first.pk) is None
    first.refresh_from_db()
    assert first.status == PlanningRun.Status.RUNNING


def test_a_run_waits_while_its_organisation_has_one_running(db):
    first, second = queued_runs(2)
    claim_run(first.pk)
    PlanningRun.objects.filter(pk=first.pk).update(progress_at=timezone.now())

    assert claim_run(second.pk) == "deferred"
    second.refresh_from_db()
    assert second.status == PlanningRun.Status.QUEUED
    assert deferred_tasks().get().args_kwargs["args"] == [second.pk]


def test_a_younger_run_does_not_overtake_an_older_one(db):
    first, second = queued_runs(2)

    assert claim_run(second.pk) == "deferred"
    assert claim_run(first.pk) is None


def test_another_organisation_is_not_held_up(db):
    [mine] = queued_runs(1, "een")
    [theirs] = queued_runs(1, "twee")
    claim_run(mine.pk)

    assert claim_run(theirs.pk) is None


def test_a_run_whose_worker_died_holds_nobody_up(db):
    first, second = queued_runs(2)
    claim_run(first.pk)
    PlanningRun.objects.filter(pk=first.pk).update(progress_at=timezone.now() - dt.timedelta(hours=1))

    assert claim_run(second.pk) is None
    first.refresh_from_db()
    assert first.status == PlanningRun.Status.FAILED


def test_a_run_is_claimed_once(db):
    [run] = queued_runs(1)

    assert claim_run(run.pk) is None
    assert claim_run(run.pk) == PlanningRun.Status.RUNNING
