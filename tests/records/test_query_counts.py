"""Pages that list members do not run a query per member."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kring.care.models import Enrolment
from kring.records.measurements import Kind
from kring.records.services.measuring import record_measurements
from kring.records.services.session_day import record_attendance
from tests.records.builders import make_client


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add_members(world, count):
    for n in range(count):
        member = make_client(world.practice, f"Extra{n}", "Lid", due=world.clients[0].due_date)
        Enrolment.objects.create(
            client=member, group=world.group, joined_on=timezone.localdate() - dt.timedelta(days=1)
        )
        record_attendance(world.session, member, "present", by=world.midwife)
        record_measurements(
            world.session, member, {Kind.WEIGHT: 70}, measured_by="participant", by=world.midwife
        )


def test_session_day_queries_do_not_grow_with_members(client, world):
    client.force_login(world.midwife)
    url = reverse("records:session_day", args=[world.session.pk])
    _queries(client, url)  # warm the session and caches
    before = _queries(client, url)
    _add_members(world, 5)
    assert _queries(client, url) == before


def test_self_measurement_picker_queries_do_not_grow_with_members(client, world):
    client.force_login(world.assistant)
    url = reverse("records:self_picker", args=[world.session.pk])
    _queries(client, url)
    before = _queries(client, url)
    _add_members(world, 5)
    assert _queries(client, url) == before


def test_record_queries_do_not_grow_with_sessions_measured(client, world):
    target = world.clients[0]
    client.force_login(world.midwife)
    url = reverse("records:record", args=[target.pk])
    _queries(client, url)
    before = _queries(client, url)
    for session in world.sessions[:4]:
        record_attendance(session, target, "present", by=world.midwife)
        record_measurements(
            session,
            target,
            {Kind.SYSTOLIC: 120, Kind.DIASTOLIC: 80},
            measured_by="participant",
            by=world.midwife,
        )
    assert _queries(client, url) == before
