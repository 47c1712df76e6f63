"""An absence: the sessions it affects, and a repair plan that changes only what it must."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kring.care.models import Session
from kring.organisations.models import Absence
from kring.planner import adjust, review
from kring.planner.models import OutboxMessage, PlanningRun
from kring.planner.publish import names_for, publish_run
from kring.planner.repair import affected_sessions, start_repair
from kring.planner.runs import start_run
from kring.planning.rules import check
from tests.web.conftest import BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    run.refresh_from_db()
    publish_run(run, plannable.coordinator)
    return Session.objects.filter(group__organisation=plannable.organisation).order_by("number")


def test_absence_lists_the_sessions_it_affects(plannable, published):
    third = published[2]
    absence = Absence.objects.create(person=plannable.lead, first_day=third.date, last_day=third.date)
    assert list(affected_sessions(absence)) == [third]
    other = Absence.objects.create(person=plannable.spare, first_day=third.date, last_day=third.date)
    assert list(affected_sessions(other)) == []


def test_repair_changes_only_the_session_the_absence_breaks(plannable, published):
    third = published[2]
    absence = Absence.objects.create(person=plannable.lead, first_day=third.date, last_day=third.date)
    run = start_repair(absence, plannable.coordinator)
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.DONE, run.error
    instance, plan = adjust.load(run)
    assert check(instance, plan).valid
    changes = review.changes_against_published(instance, plan, names_for(plannable.organisation, instance))
    assert [(c.kind, c.session) for c in changes] == [("session", 3)]
    version = publish_run(run, plannable.coordinator)
    third.refresh_from_db()
    assert third.date != absence.first_day or plannable.lead not in (third.lead, third.co)
    assert not affected_sessions(absence).exists()
    assert {m.kind for m in OutboxMessage.objects.filter(version=version)} == {"change"}


def test_absence_pages(client, plannable, published):
    client.force_login(plannable.coordinator, backend=BACKEND)
    third = published[2]
    response = client.post(
        reverse("planner:absences"),
        {"person": plannable.lead.pk, "first_day": third.date, "last_day": third.date, "reason": "cursus"},
    )
    absence = Absence.objects.get(person=plannable.lead)
    assert response["Location"] == reverse("planner:absence", args=[absence.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="affected"' in page and third.group.name in page
    response = client.post(reverse("planner:absence", args=[absence.pk]))
    run = PlanningRun.objects.latest("pk")
    assert run.method == PlanningRun.Method.REPAIR and run.absence == absence
    assert response["Location"] == reverse("planner:run", args=[run.pk])


def test_outsider_cannot_see_an_absence(client, plannable, outsider, published):
    absence = Absence.objects.create(
        person=plannable.lead, first_day=published[0].date, last_day=published[0].date
    )
    client.force_login(outsider, backend=BACKEND)
    assert client.get(reverse("planner:absence", args=[absence.pk])).status_code == 404
