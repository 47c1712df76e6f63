"""Issue 11, point 5: two real `db_worker` processes race for the reminder job, then a worker
starts again; every participant still gets exactly one reminder (PostgreSQL: the workers need
the test's data committed and a server that takes concurrent connections)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.care.models import Session
from kring.reminders.models import Notice
from kring.reminders.sending import run_reminders
from kring.reminders.tasks import send_reminders
from tests.factories import EnrolmentFactory

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


def start_worker(smtp_port: int, name: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="kring.settings",
        KRING_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        KRING_EMAIL_HOST="127.0.0.1",
        KRING_EMAIL_PORT=str(smtp_port),
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--worker-id", name],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_two_workers_and_a_restart_send_each_reminder_once(practice, smtp_server):
    start = timezone.now() + dt.timedelta(hours=3)
    Session.objects.filter(pk=practice.session.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    addresses = []
    for n in range(6):
        client = EnrolmentFactory(group=practice.group).client if n else practice.client
        client.email = f"deelnemer{n}@example.test"
        client.save()
        addresses.append(client.email)
    for _ in range(4):  # several runs waiting at once, so both workers take some at the same time
        send_reminders.enqueue()

    workers = [start_worker(smtp_server.port, f"race-{i}") for i in range(2)]
    outputs = [w.communicate(timeout=180)[0].decode() for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    assert sorted(m["To"] for m in smtp_server.messages) == sorted(addresses)
    assert Notice.objects.filter(status=Notice.Status.SENT).count() == 6
    ran = DBTaskResult.objects.filter(task_path=send_reminders.module_path, status="SUCCESSFUL")
    assert ran.count() >= 4  # which worker took which run is up to the race

    send_reminders.enqueue()  # the next round, after a restart
    restarted = start_worker(smtp_server.port, "restarted")
    assert restarted.wait(timeout=180) == 0
    assert len(smtp_server.messages) == 6
    # the job keeps itself scheduled for its next round
    assert DBTaskResult.objects.filter(
        task_path=send_reminders.module_path, status="READY", run_after__gt=timezone.now()
    ).exists()


def test_two_connections_running_the_job_at_the_same_instant_send_each_reminder_once(practice, smtp):
    """The same race made certain: two threads, each with its own connection, start together."""
    start = timezone.now() + dt.timedelta(hours=3)
    Session.objects.filter(pk=practice.session.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )
    for n in range(8):
        client = EnrolmentFactory(group=practice.group).client if n else practice.client
        client.email = f"deelnemer{n}@example.test"
        client.save()
    barrier = threading.Barrier(2)
    results: list[dict] = []

    def job() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(run_reminders())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == 2
    assert sum(r["sent"] for r in results) == 8
    assert sorted(m["To"] for m in smtp.messages) == sorted(f"deelnemer{n}@example.test" for n in range(8))
    assert Notice.objects.count() == 8
