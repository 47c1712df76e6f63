"""Issue 12 point 6: a severe blood pressure (>= 160 systolic or >= 110 diastolic) is an alert on
the session-day page and on the midwife's start page, with the moment it was measured."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from kring.records.measurements import Kind, MeasuredBy
from kring.records.services.alerts import severe_in_session
from kring.records.services.measuring import record_measurements


def _measure(world, client, systolic, diastolic, at):
    record_measurements(
        world.session,
        client,
        {Kind.SYSTOLIC: systolic, Kind.DIASTOLIC: diastolic},
        measured_by=MeasuredBy.PARTICIPANT.value,
        by=world.midwife,
        at=at,
    )


def test_only_severe_readings_are_alerts(world):
    at = timezone.now().replace(microsecond=0)
    _measure(world, world.clients[0], 150, 95, at)  # flagged, not severe
    _measure(world, world.clients[1], 120, 110, at)  # severe diastolic alone
    readings = severe_in_session(world.session)
    assert [(r.client, r.systolic, r.diastolic) for r in readings] == [(world.clients[1], 120, 110)]


def test_session_day_and_midwife_start_page_show_the_alert(client, world):
    at = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=5)
    _measure(world, world.clients[0], 250, 150, at)
    client.force_login(world.midwife)
    day = client.get(reverse("records:session_day", args=[world.session.pk])).content.decode()
    assert 'data-testid="severe-bp"' in day and "250/150 mmHg" in day and 'role="alert"' in day
    assert timezone.localtime(at).strftime("%H:%M") in day
    assert 'data-testid="severe-badge"' in day
    start = client.get(reverse("records:today")).content.decode()
    assert 'data-testid="severe-bp"' in start and world.clients[0].display_name in start


def test_no_alert_for_ordinary_values_and_not_for_the_co_facilitator_start_page(client, world):
    _measure(world, world.clients[0], 118, 76, timezone.now())
    client.force_login(world.midwife)
    assert (
        'data-testid="severe-bp"'
        not in client.get(reverse("records:session_day", args=[world.session.pk])).content.decode()
    )
    _measure(world, world.clients[1], 170, 100, timezone.now())
    client.force_login(world.assistant)
    assert 'data-testid="severe-bp"' not in client.get(reverse("records:today")).content.decode()
