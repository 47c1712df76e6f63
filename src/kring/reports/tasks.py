"""The background task: takes a report's id, never an object; idempotent (jobs.py)."""

from __future__ import annotations

from django_tasks import task

from kring.reports.jobs import execute_annual_report


@task()
def make_annual_report(report_id: int) -> str:
    return execute_annual_report(report_id)
