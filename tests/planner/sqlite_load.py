"""Run by test_sqlite_load.py in its own process, on a copy of the test database in a file:
a coordinator publishes while other threads read and write pages and a real `db_worker`
process solves a queued run. Prints what happened as JSON; the test judges it.

Usage: python -m tests.planner.sqlite_load /path/to/database.sqlite3
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
import traceback

WRITERS, WRITES_EACH, READERS, READS_EACH = 2, 6, 2, 8


def main(path: str) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from kring.organisations.models import Absence
    from kring.planner.models import PlanningRun, PlanVersion
    from kring.planner.publish import publish_run
    from kring.planner.runs import execute_run, start_run
    from tests.planner.conftest import make_plannable

    settings.KRING_PLANNER_TIME_LIMIT_S = 4
    settings.KRING_PLANNER_WORKERS = 1
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]

    p = make_plannable("load")
    to_publish = start_run(p.organisation, p.coordinator, method="greedy", enqueue=False)
    execute_run(to_publish.pk)
    queued = start_run(p.organisation, p.coordinator)  # through the database queue, for the worker
    connections.close_all()

    env = {**os.environ, "KRING_PLANNER_TIME_LIMIT_S": "4", "KRING_PLANNER_WORKERS": "1"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--batch", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    errors: list[str] = []
    statuses: list[int] = []
    lock = threading.Lock()

    def job(work):
        def run():
            try:
                work()
            except Exception:
                with lock:
                    errors.append(traceback.format_exc())
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    def browser():
        client = Client()
        client.force_login(p.coordinator)
        return client

    def read():
        client = browser()
        pages = [
            reverse("planner:home"),
            reverse("planner:run", args=[to_publish.pk]),
            reverse("planner:status", args=[queued.pk]),
            reverse("calendars:links"),
        ]
        for k in range(READS_EACH):
            response = client.get(pages[k % len(pages)])
            with lock:
                statuses.append(response.status_code)

    def write(number: int):
        def run():
            client = browser()
            for k in range(WRITES_EACH):
                first = dt.date(2030, 1, 1) + dt.timedelta(days=100 * number + 2 * k)
                response = client.post(
                    reverse("planner:absences"),
                    {"person": p.spare.pk, "first_day": first, "last_day": first, "reason": f"w{number}-{k}"},
                )
                with lock:
                    statuses.append(response.status_code)

        return run

    published: list[int] = []

    def publish():
        time.sleep(0.3)  # while the others are busy
        published.append(publish_run(to_publish, p.coordinator).number)

    threads = [job(read) for _ in range(READERS)]
    threads += [job(write(n)) for n in range(WRITERS)]
    threads.append(job(publish))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    try:
        worker_err = worker.communicate(timeout=300)[1].decode(errors="replace")
    except subprocess.TimeoutExpired:
        worker.kill()
        worker_err = "worker did not finish"
    queued.refresh_from_db()
    return {
        "journal_mode": journal_mode,
        "errors": errors,
        "statuses": statuses,
        "published": published,
        "versions": PlanVersion.objects.filter(organisation=p.organisation).count(),
        "absences": sorted(Absence.objects.filter(person=p.spare).values_list("reason", flat=True)),
        "expected_absences": sorted(f"w{n}-{k}" for n in range(WRITERS) for k in range(WRITES_EACH)),
        "queued_status": queued.status,
        "queued_error": queued.error,
        "worker_exit": worker.returncode,
        "worker_stderr": worker_err[-3000:],
        "run_statuses": list(PlanningRun.objects.values_list("status", flat=True)),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
