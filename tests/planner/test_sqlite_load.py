"""SQLite, the default installation, with several people and the task worker at once: a publish
while others read and write pages and a real `db_worker` process solves a queued run. Nothing may
fail and no write may be lost (issue 12: the worker died on "database is locked")."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="about SQLite, the default database")


def copy_of_test_database(target: Path) -> None:
    """The migrated (empty) test database, copied into a file the other process can open."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


@pytest.mark.django_db(transaction=True)
def test_publish_while_others_read_write_and_the_worker_solves(tmp_path):
    database = tmp_path / "kring.sqlite3"
    copy_of_test_database(database)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "tests.planner.sqlite_load", str(database)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])

    assert outcome["journal_mode"] == "wal"
    assert outcome["errors"] == []
    assert outcome["statuses"] and all(code in (200, 302) for code in outcome["statuses"])
    assert outcome["published"] == [1] and outcome["versions"] == 1
    assert outcome["absences"] == outcome["expected_absences"]  # every write is there
    assert outcome["queued_status"] == "done", outcome["queued_error"] + outcome["worker_stderr"]
    assert outcome["worker_exit"] == 0, outcome["worker_stderr"]
