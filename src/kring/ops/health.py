"""What `/healthz` checks: the database answers, and the task queue is readable and moving.

A queue whose oldest ready task has waited longer than `KRING_HEALTHZ_QUEUE_MAX_AGE_S` means no
`db_worker` is taking tasks: planning runs and mail would wait for ever, so the check fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

DEFAULT_QUEUE_MAX_AGE_S = 600


@dataclass
class Health:
    ok: bool
    checks: dict[str, dict] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"status": "ok" if self.ok else "fail", "checks": self.checks}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_task_queue() -> dict:
    from django_tasks_db.models import DBTaskResult

    limit = getattr(settings, "KRING_HEALTHZ_QUEUE_MAX_AGE_S", DEFAULT_QUEUE_MAX_AGE_S)
    try:
        ready = DBTaskResult.objects.ready()
        waiting = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    result: dict = {"ok": age <= limit, "waiting": waiting, "oldest_waiting_s": round(age, 1)}
    if age > limit:
        result["error"] = f"a task has waited more than {limit} s: is a db_worker running?"
    return result


def check() -> Health:
    checks = {"database": check_database()}
    # Without a database the queue (a table in it) cannot be read either.
    checks["task_queue"] = check_task_queue() if checks["database"]["ok"] else {"ok": False}
    return Health(ok=all(c["ok"] for c in checks.values()), checks=checks)
