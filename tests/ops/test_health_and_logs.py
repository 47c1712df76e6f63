"""Issue 11, point 1: `/healthz` (database and task queue, JSON) and the JSON log formatter."""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.config
import sys

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kring.ops.logging import JsonFormatter, json_logging, redact_path
from kring.planner.tasks import plan_run


def test_healthz_answers_ok_with_json_for_anyone(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True, "vendor": connection.vendor}
    assert body["checks"]["task_queue"]["ok"] is True
    assert "no-store" in response["Cache-Control"]


def test_healthz_fails_when_a_task_waits_too_long_for_a_worker(client, db, settings):
    settings.KRING_HEALTHZ_QUEUE_MAX_AGE_S = 60
    plan_run.enqueue(0)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))

    response = client.get("/healthz")

    assert response.status_code == 503
    queue = response.json()["checks"]["task_queue"]
    assert queue["ok"] is False
    assert queue["waiting"] == 1
    assert queue["oldest_waiting_s"] >= 299
    assert "db_worker" in queue["error"]


def test_healthz_accepts_a_fresh_task(client, db):
    plan_run.enqueue(0)

    body = client.get("/healthz").json()

    assert body["checks"]["task_queue"]["waiting"] == 1
    assert body["status"] == "ok"


def test_healthz_refuses_posts(client, db):
    assert client.post("/healthz").status_code == 405


def _record(name: str, msg, args=(), **extra) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_log_lines_are_json_with_time_level_and_message():
    line = JsonFormatter().format(_record("kring.planner", "run %s done", (7,), organisation=3))

    entry = json.loads(line)
    assert entry["message"] == "run 7 done"
    assert entry["level"] == "INFO"
    assert entry["logger"] == "kring.planner"
    assert entry["organisation"] == 3
    assert entry["time"].endswith("+00:00")


def test_an_exception_is_kept_in_the_json_line():
    try:
        raise ValueError("bad value")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())

    entry = json.loads(JsonFormatter().format(record))

    assert "ValueError: bad value" in entry["exception"]


def test_gunicorn_access_lines_become_fields_without_secret_tokens():
    token = "Zq3k9sV2mP0xR7tL1yB8nC4dF6gH5jK2wE9uA0iO3pS"
    atoms = {"m": "GET", "U": f"/calendars/feed/{token}.ics", "s": "200", "B": 512, "L": "0.012500"}

    entry = json.loads(JsonFormatter().format(_record("gunicorn.access", "%(h)s", (atoms,))))

    assert entry["method"] == "GET"
    assert entry["path"] == "/calendars/feed/….ics"
    assert token not in json.dumps(entry)
    assert entry["status"] == 200
    assert entry["bytes"] == 512
    assert entry["duration_ms"] == 12.5


def test_redaction_keeps_ordinary_paths():
    assert redact_path("/clients/123/sessions/") == "/clients/123/sessions/"
    assert redact_path("/p/abcdefghijklmnopqrstuvwxyz0123/record/") == "/p/…/record/"


def test_the_logging_configuration_loads():
    config = json_logging("WARNING")
    logging.config.dictConfig(config)  # raises on a mistake
    try:
        assert logging.getLogger().level == logging.WARNING
    finally:
        logging.config.dictConfig(
            {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
        )
