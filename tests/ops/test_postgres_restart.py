"""Issue 11, point 6: PostgreSQL restarted under load. A private PostgreSQL cluster (its own
directory and port, so no other test or user of the shared server notices) serves gunicorn
with the production settings and a process that keeps writing access-log entries. While the
server is down, /healthz answers 503 with JSON (never a 500) and writes fail with a database
error; after it is back the same gunicorn processes answer 200 again (CONN_HEALTH_CHECKS), the
writer carries on, and every write that was acknowledged is still there with the chain intact.
Runs in the PostgreSQL pass (it needs the PostgreSQL server programs)."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not PG_BIN.exists(), reason="PostgreSQL pass only"
)

WRITER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.db import DatabaseError, close_old_connections
from kring.audit.log import record_access

stop = Path(sys.argv[1])
n = 0
while not stop.exists():
    close_old_connections()  # as db_worker does: drop a connection that broke
    try:
        entry = record_access(user=None, action="view", detail=f"writer {n}")
        print("ok", entry.pk, flush=True)
    except DatabaseError as error:
        print("error", type(error).__name__, flush=True)
    n += 1
    time.sleep(0.05)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(*command: str) -> None:
    subprocess.run(["su", "postgres", "-c", " ".join(command)], check=True, capture_output=True)  # noqa: S603, S607


class Cluster:
    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="kring-pgrestart-"))
        self.port = free_port()
        postgres = pwd.getpwnam("postgres")
        os.chown(self.directory, postgres.pw_uid, postgres.pw_gid)
        as_postgres(f"{PG_BIN}/initdb", "-D", str(self.directory / "data"), "-A", "trust", "-U", "postgres")
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE kring")

    def url(self, name: str = "kring") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        options = f"'-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1'"
        log = self.directory / "server.log"
        as_postgres(
            f"{PG_BIN}/pg_ctl",
            "-D",
            str(self.directory / "data"),
            "-l",
            str(log),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        as_postgres(f"{PG_BIN}/pg_ctl", "-D", str(self.directory / "data"), "-w", "-m", mode, "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def healthz(base: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}") if error.code == 503 else {}


def test_postgresql_restarted_under_load(tmp_path):
    cluster = Cluster()
    processes: list[subprocess.Popen] = []
    stop_writer = tmp_path / "stop"
    try:
        env = dict(
            os.environ,
            DATABASE_URL=cluster.url(),
            DJANGO_SETTINGS_MODULE="kring.settings_production",
            KRING_SECRET_KEY="r" * 20 + "-restart-test-key-not-for-use-" + "s" * 20,
            KRING_ALLOWED_HOSTS="127.0.0.1",
        )
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=PROJECT, env=env, check=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "python:kring.config.gunicorn",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        writer = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", WRITER, str(stop_writer)],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        processes += [gunicorn, writer]
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(iter(writer.stdout.readline, "")), daemon=True)
        reader.start()

        statuses: list[int] = []
        load_on = threading.Event()
        load_on.set()

        def load() -> None:
            while load_on.is_set():
                try:
                    statuses.append(healthz(base)[0])
                except OSError:
                    statuses.append(0)
                time.sleep(0.02)

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and healthz_or_none(base) != 200:
            time.sleep(0.5)
        loaders = [threading.Thread(target=load) for _ in range(3)]
        for thread in loaders:
            thread.start()
        while time.monotonic() < deadline and sum(line.startswith("ok") for line in lines) < 10:
            time.sleep(0.2)

        cluster.stop()
        time.sleep(1.5)
        down_status, down_body = healthz(base)
        errors_while_down = sum(line.startswith("error") for line in lines)
        cluster.start()
        acknowledged_before = sum(line.startswith("ok") for line in lines)

        back = False
        while time.monotonic() < deadline + 60 and not back:
            back = healthz_or_none(base) == 200
            time.sleep(0.3)
        while (
            time.monotonic() < deadline + 90
            and sum(line.startswith("ok") for line in lines) < acknowledged_before + 10
        ):
            time.sleep(0.2)
        load_on.clear()
        for thread in loaders:
            thread.join()
        stop_writer.touch()
        writer.wait(timeout=30)
        reader.join(timeout=10)

        assert down_status == 503
        assert down_body["checks"]["database"]["ok"] is False
        assert errors_while_down > 0  # the writer's attempts failed with a database error, not silently
        assert back, "gunicorn answered 200 again without being restarted"
        assert gunicorn.poll() is None
        assert set(statuses) <= {200, 503}  # never a 500 or a dropped connection
        acknowledged = [int(line.split()[1]) for line in lines if line.startswith("ok")]
        assert len(acknowledged) >= acknowledged_before + 10  # the writer recovered by itself
        with psycopg.connect(cluster.url()) as db:
            stored = {row[0] for row in db.execute("SELECT id FROM audit_accesslog")}
        assert set(acknowledged) <= stored  # no acknowledged write was lost
        verified = subprocess.run(
            [sys.executable, "manage.py", "verify_access_log"],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert verified.returncode == 0, verified.stderr
    finally:
        stop_writer.touch()
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        cluster.remove()


def healthz_or_none(base: str) -> int | None:
    try:
        return healthz(base)[0]
    except OSError:
        return None
