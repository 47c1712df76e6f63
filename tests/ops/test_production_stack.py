"""Issue 11, point 1: production settings, and `scripts/serve.sh` bringing up the whole stack
(migrations, collectstatic, check --deploy, two db_workers, gunicorn with WhiteNoise) on a
PostgreSQL database of its own, answering /healthz, logging JSON, stopping cleanly."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_KEY = "p" * 20 + "-production-key-for-the-serve-tests-" + "q" * 20


def production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.update(
        DJANGO_SETTINGS_MODULE="kring.settings_production",
        KRING_SECRET_KEY=PRODUCTION_KEY,
        KRING_ALLOWED_HOSTS="kring.example.nl,127.0.0.1",
        KRING_DEBUG="false",
    )
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_settings():
    env = production_env()
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_demo_key_and_debug():
    env = production_env()
    env.pop("KRING_SECRET_KEY")
    demo = run_python("import django; django.setup()", env)
    debug = run_python("import django; django.setup()", production_env(KRING_DEBUG="true"))

    assert demo.returncode != 0
    assert "KRING_SECRET_KEY" in demo.stderr
    assert debug.returncode != 0
    assert "KRING_DEBUG" in debug.stderr


def test_production_requires_two_factor_and_serves_static_files_through_whitenoise():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.KRING_REQUIRE_2FA, s.MIDDLEWARE[1], s.STORAGES['staticfiles']['BACKEND'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'], s.LOGGING['formatters']['json']['()'])"
    )
    result = run_python(code, production_env(KRING_REQUIRE_2FA="false"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [  # the lines before are JSON logs
        "True",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "True",
        "kring.ops.logging.JsonFormatter",
    ]


def test_the_demo_settings_stay_without_whitenoise(settings):
    assert "whitenoise.middleware.WhiteNoiseMiddleware" not in settings.MIDDLEWARE


# --- the whole stack, on PostgreSQL ---------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the production stack runs on PostgreSQL"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def serve_database(db):
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_serve"
    admin = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg.execute(f'CREATE DATABASE "{name}"')
    yield (
        f"postgres://{params['user']}:{params['password']}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', 5432)}/{name}"
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgresql_only
def test_serve_sh_brings_up_the_stack_and_stops_it(serve_database, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = production_env(
        DATABASE_URL=serve_database,
        KRING_BIND=f"127.0.0.1:{port}",
        KRING_WEB_WORKERS="2",
        KRING_DB_WORKERS="2",
        KRING_STATIC_ROOT=str(tmp_path / "static"),
        KRING_PYTHON=sys.executable,
    )
    with log.open("w") as out:
        stack = subprocess.Popen(
            ["/bin/bash", "scripts/serve.sh"],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    try:
        status, body = 0, b""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and stack.poll() is None:
            try:
                status, _headers, body = get(f"{base}/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        assert status == 200, log.read_text() + (stack.stderr.read().decode() if stack.poll() else "")
        health = json.loads(body)
        assert health["checks"]["database"] == {"ok": True, "vendor": "postgresql"}
        assert health["checks"]["task_queue"]["ok"] is True

        # Plain http is sent to https (a TLS proxy in front sets X-Forwarded-Proto).
        status, headers, _ = get(f"{base}/login/")
        assert status == 301
        assert headers["Location"].startswith("https://")
        status, _, page = get(f"{base}/login/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        css = re.search(rb"/static/kring/kring\.[0-9a-f]{12}\.css", page)
        assert css, "static files carry a content hash in their name"
        status, headers, compressed = get(
            base + css.group().decode(), **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
        assert b"{" in gzip.decompress(compressed)
        while time.monotonic() < deadline and log.read_text().count("Starting worker") < 2:
            time.sleep(0.5)  # the task workers may still be importing Django
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        stack.wait(timeout=60)

    lines = [line for line in log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line on stdout is JSON
    workers = [e for e in entries if e["message"].startswith("Starting worker")]
    assert len(workers) == 2
    assert any(e.get("path") == "/healthz" and e.get("status") == 200 for e in entries)
    assert entries[-1]["message"] == "Shutting down: Master"
