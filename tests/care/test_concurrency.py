"""Two coordinators booking the same room at the same moment: one wins, the other gets a
conflict, never a double booking. Real threads and connections, so PostgreSQL only (SQLite's
in-memory test database cannot be shared between threads like this)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from kring.audit.log import record_access, verify_chain
from kring.care.models import Session
from kring.care.scheduling import SessionConflict, schedule_session
from tests.factories import GroupFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]

TUESDAY = dt.date(2027, 3, 2)


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
        thread.join(timeout=60)
    return sorted(results)


def test_two_simultaneous_bookings_of_one_room_give_one_session_and_one_conflict(practice):
    first = GroupFactory(organisation=practice.organisation, location=practice.location)
    second = GroupFactory(organisation=practice.organisation, location=practice.location)

    def book(group):
        def job():
            schedule_session(group, number=1, date=TUESDAY, room=practice.room)
            return "booked"

        return job

    results = run_together(book(first), book(second))
    assert results == sorted(["booked", SessionConflict.__name__])
    assert Session.objects.filter(room=practice.room, date=TUESDAY).count() == 1


def test_simultaneous_access_log_writers_keep_one_chain(practice, coordinator):
    def log():
        record_access(user=coordinator, action="view", client=practice.client)
        return "logged"

    assert run_together(*[log] * 6) == ["logged"] * 6
    result = verify_chain()
    assert result.ok and result.checked == 6
