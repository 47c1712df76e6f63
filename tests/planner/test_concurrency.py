"""Two coordinators at once: publishing twice, or publishing while someone books the same room.
The database lets one through and the other gets a clear conflict, never a double booking.
Real threads and connections, so PostgreSQL only."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from kring.care.models import Group, Session
from kring.care.scheduling import SessionConflict, schedule_session
from kring.planner.instance_builder import db_pk
from kring.planner.models import PlanVersion
from kring.planner.publish import PublishConflict, publish_run
from kring.planner.runs import start_run
from tests.factories import GroupFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results: list[str] = []

    def run(job):
        try:
            barrier.wait()
            results.append(job())
        except Exception as error:  # the test inspects what each thread got
            results.append(type(error).__name__)

        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(results)


def overlapping_pairs(sessions):
    sessions = sorted(sessions, key=lambda s: s.starts_at)
    return [
        (a.pk, b.pk)
        for i, a in enumerate(sessions)
        for b in sessions[i + 1 :]
        if a.starts_at < b.ends_at and b.starts_at < a.ends_at
    ]


def plan(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    run.refresh_from_db()
    return run


def test_two_simultaneous_publishes_give_one_version_and_one_conflict(plannable):
    first, second = plan(plannable), plan(plannable)

    def publish(run):
        return lambda: f"v{publish_run(run, plannable.coordinator).number}"

    assert run_together(publish(first), publish(second)) == sorted(["v1", PublishConflict.__name__])
    assert PlanVersion.objects.filter(organisation=plannable.organisation).count() == 1
    assert Group.objects.filter(organisation=plannable.organisation).count() == 1
    sessions = list(Session.objects.filter(group__organisation=plannable.organisation))
    for key in ("room_id", "lead_id", "co_id"):
        for value in {getattr(s, key) for s in sessions}:
            assert overlapping_pairs([s for s in sessions if getattr(s, key) == value]) == []


def test_publish_and_a_booking_of_the_same_room_at_once_never_double_book(plannable):
    run = plan(plannable)
    wanted = run.plan["groups"][0]["sessions"][0]
    room = plannable.organisation.locations.get().rooms.get(pk=db_pk(wanted["room"]))
    other = GroupFactory(
        organisation=plannable.organisation,
        location=plannable.location,
        weekday=run.plan["groups"][0]["weekday"],
        daypart=plannable.organisation.dayparts.get(code=run.plan["groups"][0]["daypart"]),
    )
    day = dt.date.fromisoformat(wanted["date"])

    def publish():
        publish_run(run, plannable.coordinator)
        return "published"

    def book():
        schedule_session(other, number=1, date=day, room=room)
        return "booked"

    results = run_together(publish, book)
    assert results in (
        sorted(["published", SessionConflict.__name__]),
        sorted(["booked", PublishConflict.__name__]),
    )
    in_room = Session.objects.filter(room=room, date=day).exclude(status=Session.Status.CANCELLED)
    assert in_room.count() == 1
    if "booked" in results:  # the publish was undone as a whole
        assert not PlanVersion.objects.filter(organisation=plannable.organisation).exists()
        assert Group.objects.filter(organisation=plannable.organisation).count() == 1


def test_monitor_writes_progress_and_hears_cancel_from_another_connection(plannable):
    import time

    from kring.planner.models import PlanningRun
    from kring.planner.runs import _Monitor

    run = start_run(plannable.organisation, plannable.coordinator, enqueue=False)
    run.time_limit_s = 30
    with _Monitor(run, threaded=True) as monitor:
        monitor.progress({"phase": "search", "elapsed_s": 0.5, "penalty": 1234})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.progress_penalty == 1234:
                break
            time.sleep(0.2)
        assert (run.progress_phase, run.progress_penalty) == ("search", 1234)
        assert 0 < run.progress_fraction < 1
        assert not monitor.should_stop()
        PlanningRun.objects.filter(pk=run.pk).update(cancel_requested=True)
        while time.monotonic() < deadline and not monitor.should_stop():
            time.sleep(0.2)
        assert monitor.should_stop()
