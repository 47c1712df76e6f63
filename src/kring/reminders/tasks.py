"""The periodic reminder job in the task workers (django-tasks 0.12 has no scheduler, but a task
can be enqueued with `run_after`): each run schedules the next one KRING_REMINDER_INTERVAL_S
later, and every `db_worker` start makes sure one is waiting (management/commands/db_worker.py).
Two chains after a race do no harm: notices are created and claimed once (sending.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from kring.reminders.sending import run_reminders

DEFAULT_INTERVAL_S = 300


def interval() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "KRING_REMINDER_INTERVAL_S", DEFAULT_INTERVAL_S))


@task()
def send_reminders() -> dict[str, int]:
    result = run_reminders()
    ensure_scheduled(delay=interval())
    return result


def ensure_scheduled(delay: dt.timedelta | None = None) -> bool:
    """Enqueue the job unless a run is already waiting; True when this call enqueued it."""
    # READY includes a run scheduled for later (run_after in the future)
    waiting = DBTaskResult.objects.filter(task_path=send_reminders.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    when = timezone.now() + delay if delay else None
    (send_reminders.using(run_after=when) if when else send_reminders).enqueue()
    return True
