"""Logs as one JSON object per line on stdout, for journald, Docker or a log shipper.

`JsonFormatter` writes time (UTC), level, logger, message and process, the exception if any,
and for gunicorn's access log the request's method, path, status, size and duration instead of
a formatted line. Paths are logged with long token-like segments replaced by `…`: feed links and
participants' own links carry their secret in the path, and a log must never hold it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-]{24,}(?=[/.]|$)")
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact_path(path: str) -> str:
    return TOKEN_SEGMENT.sub("…", path)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(self._access(record.args))
        else:
            entry["message"] = redact_path(record.getMessage())
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        for key, value in vars(record).items():  # extra={...} fields, when plain values
            plain = isinstance(value, str | int | float | bool) or value is None
            if plain and key not in STANDARD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def _access(atoms: dict) -> dict[str, object]:
        def atom(key: str) -> str:
            value = atoms.get(key)
            return "" if value in (None, "-") else str(value)

        size = atom("B")
        return {
            "message": "request",
            "method": atom("m"),
            "path": redact_path(atom("U")),
            "status": int(atom("s")) if atom("s").isdigit() else atom("s"),
            "bytes": int(size) if size.isdigit() else 0,
            "duration_ms": round(float(atom("L") or 0) * 1000, 1),
        }


def json_logging(level: str = "INFO") -> dict:
    """A `logging.config.dictConfig` dictionary: everything to stdout as JSON (Django's LOGGING
    and gunicorn's `logconfig_dict` use the same one)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "kring.ops.logging.JsonFormatter"}},
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            name: {"level": level, "handlers": [], "propagate": True}
            for name in (
                "django",
                "django.request",
                "django.server",
                "gunicorn.error",
                "gunicorn.access",
                "django_tasks",
                "django_tasks_db",
            )
        },
    }
