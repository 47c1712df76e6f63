"""Issue 11, point 4: planning at region scale. Three organisations each start two runs at once;
two real `db_worker` processes race for them on PostgreSQL. Every run is done exactly once, an
organisation's runs go one at a time and in the order they were started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from kring.planner.models import PlanningRun
from kring.planner.runs import start_run
from kring.planner.tasks import plan_run
from tests.planner.conftest import make_plannable

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two worker processes need PostgreSQL"),
]


def database_url() -> str:
    params = connection.get_connection_params()
    return (
        f"postgres://{params['user']}:{params['password']}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', 5432)}/{connection.settings_dict['NAME']}"
    )


def start_worker(name: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url(), KRING_PLANNER_WORKERS="1")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            name,
        ],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_two_workers_plan_three_organisations_one_run_each_at_a_time(settings):
    settings.KRING_PLANNER_TIME_LIMIT_S = 2
    organisations = [make_plannable(slug, clients=8) for slug in ("noord", "oost", "west")]
    # each organisation starts two runs back to back: a free worker would take the second at once
    runs = [start_run(p.organisation, p.coordinator) for p in organisations for _ in range(2)]
    workers = [start_worker(f"region-{i}") for i in range(2)]
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if not PlanningRun.objects.filter(status__in=["queued", "running"]).exists():
                break
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)

    finished = {run.pk: run for run in PlanningRun.objects.all()}
    assert {run.status for run in finished.values()} == {PlanningRun.Status.DONE}  # none lost
    assert len(finished) == len(runs) == 6
    solved = DBTaskResult.objects.filter(task_path=plan_run.module_path, return_value="done")
    assert sorted(r.args_kwargs["args"][0] for r in solved) == sorted(run.pk for run in runs)  # none twice
    for plannable in organisations:
        first, second = sorted(
            (r for r in finished.values() if r.organisation_id == plannable.organisation.pk),
            key=lambda r: r.pk,
        )
        assert first.finished_at <= second.started_at  # one at a time, in the order started
        assert first.plan and second.plan
