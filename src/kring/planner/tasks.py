"""The background task: takes a run's id, never an object; idempotent and time-boxed (runs.py)."""

from __future__ import annotations

from django_tasks import task

from kring.planner.runs import execute_run


@task()
def plan_run(run_id: int) -> str:
    return execute_run(run_id)
