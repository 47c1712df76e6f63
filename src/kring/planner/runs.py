"""Starting, running and cancelling planning runs. The background task (tasks.py) calls
`execute_run` with a run's id; everything else here is what the views call."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kring.organisations.models import Absence, Organisation
from kring.planner.instance_builder import build_for_organisation
from kring.planner.models import PlanningRun, PlanVersion
from kring.planner.phases import is_whole_plan
from kring.planning.model import Instance, Plan, plan_to_json, read_instance, read_plan

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT_S = 30
PROGRESS_EVERY_S = 1.0


def time_limit_s() -> float:
    return float(getattr(settings, "KRING_PLANNER_TIME_LIMIT_S", DEFAULT_TIME_LIMIT_S))


def start_run(
    organisation: Organisation,
    user,
    *,
    method: str = PlanningRun.Method.CPSAT,
    based_on: PlanningRun | None = None,
    absence: Absence | None = None,
    enqueue: bool = True,
) -> PlanningRun:
    """Create a run from the database as it is now (or re-plan `based_on`) and queue it."""
    if based_on is not None:
        instance, skipped, base = based_on.instance, based_on.skipped, based_on.base_version
    else:
        base = latest_version_number(organisation)
        instance, skipped = build_for_organisation(organisation)
    run = PlanningRun.objects.create(
        organisation=organisation,
        created_by=user,
        method=method,
        instance=instance,
        skipped=skipped,
        based_on=based_on,
        absence=absence,
        time_limit_s=time_limit_s(),
        base_version=base,
    )
    if based_on is not None:
        from kring.planner.adjust import copy_pins

        copy_pins(based_on, run)
    if enqueue:
        from kring.planner.tasks import plan_run

        plan_run.enqueue(run.pk)
    return run


def latest_version_number(organisation: Organisation) -> int:
    latest = PlanVersion.objects.filter(organisation=organisation).order_by("-number").first()
    return latest.number if latest else 0


STALE_AFTER_S = 120  # beyond the time limit: the worker that ran it has stopped


def expire_if_stale(run: PlanningRun) -> PlanningRun:
    """A run still 'running' long after its time limit lost its worker: say so instead of waiting."""
    if run.status != PlanningRun.Status.RUNNING:
        return run
    last = run.progress_at or run.started_at or run.created_at
    if (timezone.now() - last).total_seconds() > run.time_limit_s + STALE_AFTER_S:
        PlanningRun.objects.filter(pk=run.pk, status=PlanningRun.Status.RUNNING).update(
            status=PlanningRun.Status.FAILED,
            error=str(_("The background worker stopped before the run finished; plan again.")),
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
    return run


WORKER_GRACE_S = 20  # a queued run not started after this long has no worker to run it


def waiting_without_worker(run: PlanningRun) -> bool:
    """True when `run` has been queued for a while and no worker is busy with any run.

    The database worker runs one task at a time, so a queued run may wait behind another one;
    but when nothing has been running recently either, nobody is there to pick it up."""
    if run.status != PlanningRun.Status.QUEUED:
        return False
    now = timezone.now()
    if (now - run.created_at).total_seconds() < WORKER_GRACE_S:
        return False
    recent = now - dt.timedelta(seconds=WORKER_GRACE_S)
    busy = PlanningRun.objects.filter(status=PlanningRun.Status.RUNNING, progress_at__gte=recent)
    started_lately = PlanningRun.objects.filter(started_at__gte=recent)
    return not (busy.exists() or started_lately.exists())


def _retrying(write, attempts: int = 4):
    """Run a database write, trying again when SQLite is locked beyond its busy timeout: a busy
    database must leave a run's outcome written, not lose it (the worker keeps going)."""
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError:
            if attempt == attempts - 1:
                raise
            logger.warning("database busy; writing again", exc_info=True)
            close_old_connections()
            time.sleep(1 + attempt)
    return None


def cancel_run(run: PlanningRun) -> None:
    PlanningRun.objects.filter(pk=run.pk, status=PlanningRun.Status.QUEUED).update(
        status=PlanningRun.Status.CANCELLED, cancel_requested=True, finished_at=timezone.now()
    )
    PlanningRun.objects.filter(pk=run.pk).update(cancel_requested=True)


class _Monitor:
    """Carries progress to the run's row and its cancel flag back, about once a second.

    The solver calls `progress` and `should_stop` from its own threads; only this monitor's
    thread touches the database, on its own connection. Inside a test transaction the row is
    invisible to other connections, so there the monitor writes only at the end.
    """

    def __init__(self, run: PlanningRun, *, threaded: bool):
        self.run_id, self.limit = run.pk, run.time_limit_s
        self.started = time.monotonic()
        self.latest: dict[str, Any] = {}
        self.best_penalty: int | None = None  # the lowest penalty of a whole plan reported
        self.stop = False
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, daemon=True) if threaded else None

    def __enter__(self) -> _Monitor:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def progress(self, event: dict[str, object]) -> None:
        penalty = event.get("penalty")
        with self._lock:
            self.latest = dict(event)
            whole = isinstance(penalty, int | float) and is_whole_plan(str(event.get("phase", "")))
            if whole and (self.best_penalty is None or penalty < self.best_penalty):  # type: ignore[operator]
                self.best_penalty = int(penalty)  # type: ignore[arg-type]

    def should_stop(self) -> bool:
        return self.stop or time.monotonic() - self.started > self.limit + 5

    def _loop(self) -> None:
        try:
            while not self._done.wait(PROGRESS_EVERY_S):
                try:
                    self.flush()
                except Exception:  # a busy database must not end the solve
                    logger.warning("progress of run %s not written", self.run_id, exc_info=True)
        finally:
            connection.close()

    def flush(self) -> None:
        with self._lock:
            event, best = dict(self.latest), self.best_penalty
        elapsed = time.monotonic() - self.started
        fields: dict[str, Any] = {
            "progress_fraction": min(0.99, elapsed / max(self.limit, 0.1)),
            "progress_at": timezone.now(),
        }
        if event.get("phase"):
            fields["progress_phase"] = str(event["phase"])[:60]
        if best is not None:
            fields["progress_penalty"] = best
        PlanningRun.objects.filter(pk=self.run_id).update(**fields)
        self.stop = PlanningRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()


def _solve(run: PlanningRun, instance: Instance, monitor: _Monitor) -> Plan:
    from kring.planner.adjust import pins_of, replan_instance, reprice

    method = run.method
    if method == PlanningRun.Method.GREEDY:
        from kring.planning.greedy import solve_greedy

        return solve_greedy(instance)
    from kring.planning import cpsat

    options = {
        "time_limit_s": run.time_limit_s,
        "workers": int(getattr(settings, "KRING_PLANNER_WORKERS", 1)),
        "progress": monitor.progress,
        "should_stop": monitor.should_stop,
    }
    if method == PlanningRun.Method.REPAIR:
        return cpsat.repair(instance, **options)
    base = run.based_on
    if base is not None and base.plan is not None:
        current = read_plan(base.plan)
        pins = pins_of(base)
        augmented = replan_instance(instance, current)
        plan = cpsat.solve(augmented, **options)
        if plan.status == "infeasible":
            return plan
        unkept: list[dict] = []
        plan = reprice(instance, plan, current, pins, unkept=unkept)
        run.unkept_pins = unkept
        return plan
    return cpsat.solve(instance, **options)


DEFER_S = 2  # a run whose organisation is busy is tried again this much later


def claim_run(run_id: int) -> str | None:
    """Mark run `run_id` running; None when claimed, otherwise why not (its status, or
    "deferred"). One run per organisation at a time, in the order they were started: the
    organisation's row, locked here, makes two workers take turns; a run whose organisation
    is busy, or has an older run waiting, goes back in the queue for DEFER_S seconds."""
    with transaction.atomic():
        organisation_id = (
            PlanningRun.objects.filter(pk=run_id).values_list("organisation_id", flat=True).first()
        )
        if organisation_id is None:
            return "missing"
        Organisation.objects.select_for_update(no_key=True).filter(pk=organisation_id).first()
        run = PlanningRun.objects.get(pk=run_id)
        if run.status != PlanningRun.Status.QUEUED or run.cancel_requested:
            return run.status
        others = PlanningRun.objects.filter(organisation_id=organisation_id).exclude(pk=run_id)
        for running in others.filter(status=PlanningRun.Status.RUNNING):
            expire_if_stale(running)  # a run whose worker died holds nobody up
        busy = others.filter(status=PlanningRun.Status.RUNNING).exists()
        older_waiting = others.filter(status=PlanningRun.Status.QUEUED, cancel_requested=False, pk__lt=run_id)
        if busy or older_waiting.exists():
            from kring.planner.tasks import plan_run

            plan_run.using(run_after=timezone.now() + dt.timedelta(seconds=DEFER_S)).enqueue(run_id)
            return "deferred"
        run.status, run.started_at, run.progress_phase = PlanningRun.Status.RUNNING, timezone.now(), "start"
        run.save(update_fields=["status", "started_at", "progress_phase"])
    return None


def execute_run(run_id: int) -> str:
    """Solve run `run_id` once: a run that is no longer queued is left alone (idempotent)."""
    refused = claim_run(run_id)
    if refused is not None:
        return refused
    run = PlanningRun.objects.get(pk=run_id)
    threaded = not connection.in_atomic_block
    try:
        instance = read_instance(run.instance)
        with _Monitor(run, threaded=threaded) as monitor:
            plan = _solve(run, instance, monitor)
        cancelled = PlanningRun.objects.filter(pk=run_id, cancel_requested=True).exists()
        run.plan = plan_to_json(plan)
        run.penalty = plan.penalty if plan.status != "infeasible" else None
        run.lower_bound = plan.lower_bound
        run.status = PlanningRun.Status.CANCELLED if cancelled else PlanningRun.Status.DONE
        if plan.status == "infeasible":
            run.status = PlanningRun.Status.FAILED
            run.error = "\n".join(plan.problems)
        run.progress_fraction = 1.0
        run.progress_phase = "done"
        # The page then shows the plan's own penalty; the search's figures were of whole plans
        # too, but a re-plan reprices pins and a plan that failed the final check is dropped.
        run.progress_penalty = run.penalty
    except Exception as error:  # the run says what went wrong instead of staying "running"
        logger.exception("planning run %s failed", run_id)
        run.status = PlanningRun.Status.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
    run.finished_at = timezone.now()
    _retrying(run.save)
    if threaded:
        close_old_connections()
    return run.status
