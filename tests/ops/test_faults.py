"""Issue 11, point 6: faults done for real, not simulated.

- a `db_worker` killed with SIGKILL in the middle of a solve;
- a process killed with SIGKILL in the middle of a publish (the function the web view calls);

Both need a second process that sees this test's data, so they run in the PostgreSQL pass.
PostgreSQL restarted under load is in test_postgres_restart.py; two coordinators editing one
client in tests/web/test_edit_conflict.py."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test import Client as Browser
from django.utils import timezone

from kring.care.models import Group, Session
from kring.planner.models import PlanningRun, PlanVersion
from kring.planner.publish import publish_run
from kring.planner.runs import STALE_AFTER_S, execute_run, start_run
from tests.planner.conftest import make_plannable

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs PostgreSQL"),
]


def database_url() -> str:
    params = connection.get_connection_params()
    return (
        f"postgres://{params['user']}:{params['password']}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', 5432)}/{connection.settings_dict['NAME']}"
    )


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="kring.settings", **extra)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def worker(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2", *args],
        cwd=PROJECT,
        env=child_env(KRING_PLANNER_WORKERS="1", **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_solve_leaves_no_plan_and_a_new_run_works(settings):
    plannable = make_plannable(clients=24)
    settings.KRING_PLANNER_TIME_LIMIT_S = 60  # far longer than the test waits: surely mid-solve
    run = start_run(plannable.organisation, plannable.coordinator)
    process = worker()
    try:
        # the solver's monitor writes progress about once a second while CP-SAT searches
        solving = wait_for(
            lambda: PlanningRun.objects.filter(
                pk=run.pk, status=PlanningRun.Status.RUNNING, progress_at__isnull=False
            ).exists()
        )
        assert solving
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.RUNNING  # nobody is left to say otherwise...
    assert run.plan is None  # ...and nothing half-written

    browser = Browser()
    browser.force_login(plannable.coordinator, backend="kring.accounts.backends.EmailOrUsernameBackend")
    later = timezone.now() + dt.timedelta(seconds=run.time_limit_s + STALE_AFTER_S + 5)
    with time_machine.travel(later, tick=False):
        status = browser.get(f"/planning/runs/{run.pk}/status/").json()
    assert status["status"] == PlanningRun.Status.FAILED  # the page tells the coordinator
    run.refresh_from_db()
    assert "plan again" in run.error.lower() or "opnieuw" in run.error.lower()
    assert run.plan is None
    assert not PlanVersion.objects.exists() and not Group.objects.exists()

    settings.KRING_PLANNER_TIME_LIMIT_S = 2
    again = start_run(plannable.organisation, plannable.coordinator)
    second = worker("--batch")
    assert second.wait(timeout=180) == 0
    again.refresh_from_db()
    assert again.status == PlanningRun.Status.DONE
    assert again.plan and again.plan["groups"]


PAUSE_MID_PUBLISH = """
import sys, time
import django
django.setup()
from kring.accounts.models import User
from kring.planner import publish
from kring.planner.models import PlanningRun

written = []
original = publish.schedule_session

def schedule_then_pause(*args, **kwargs):
    session = original(*args, **kwargs)
    written.append(session.pk)
    if len(written) == 2:
        print("midway", written, flush=True)
        time.sleep(600)
    return session

publish.schedule_session = schedule_then_pause
publish.publish_run(PlanningRun.objects.get(pk=int(sys.argv[1])), User.objects.get(pk=int(sys.argv[2])))
"""


def test_a_process_killed_mid_publish_publishes_nothing(settings):
    plannable = make_plannable(clients=10)
    settings.KRING_PLANNER_TIME_LIMIT_S = 2
    settings.KRING_PLANNER_WORKERS = 1
    run = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    assert execute_run(run.pk) == PlanningRun.Status.DONE
    publisher = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", PAUSE_MID_PUBLISH, str(run.pk), str(plannable.coordinator.pk)],
        cwd=PROJECT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = publisher.stdout.readline()
        assert line.startswith("midway"), line + publisher.stderr.read()
        # two sessions are written inside the publisher's transaction, invisible to anyone else
        assert not Session.objects.exists()
    finally:
        publisher.send_signal(signal.SIGKILL)
        publisher.wait(timeout=30)

    # PostgreSQL rolls the dead connection's transaction back: nothing half-published
    assert wait_for(lambda: not PlanningRun.objects.filter(published_version__isnull=False).exists(), 10)
    assert not Session.objects.exists()
    assert not Group.objects.exists()
    assert not PlanVersion.objects.exists()

    version = publish_run(PlanningRun.objects.get(pk=run.pk), plannable.coordinator)
    assert version.number == 1
    assert Session.objects.filter(group__organisation=plannable.organisation).exists()
