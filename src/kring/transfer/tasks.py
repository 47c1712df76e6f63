"""Background tasks (django-tasks): they take ids, never objects (jobs.py does the work)."""

from __future__ import annotations

from django_tasks import task

from kring.transfer import jobs


@task()
def import_step(job_id: int, step: str) -> None:
    if step == "preview":
        jobs.run_preview(job_id)
    elif step == "import":
        jobs.run_import(job_id)
    else:
        raise ValueError(f"unknown import step {step!r}")


@task()
def fhir_export(export_id: int) -> None:
    jobs.run_fhir_export(export_id)
