"""Issue 11, point 3: the main pages not yet covered elsewhere (tests/web/test_query_counts.py,
tests/records/test_query_counts.py) run the same number of queries however much data there is:
the client page, the planner's review page and the reminder outbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kring.audit.log import record_access
from kring.planner.models import PlanningRun
from kring.planner.runs import execute_run, start_run
from kring.records.models.measurement import Measurement
from kring.reminders.sending import run_reminders
from tests.factories import ClientFactory, EnrolmentFactory
from tests.planner.conftest import make_plannable
from tests.web.conftest import BACKEND


def queries(browser: Browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return len(captured)


def test_client_page_queries_do_not_grow_with_her_history(practice, coordinator):
    browser = Browser()
    browser.force_login(coordinator, backend=BACKEND)
    url = f"/clients/{practice.client.pk}/"
    before = queries(browser, url)

    for k in range(15):
        ClientFactory(organisation=practice.organisation)
        record_access(user=coordinator, action="view", client=practice.client, detail=f"bulk {k}")
        Measurement.objects.create(
            client=practice.client,
            kind="weight",
            value=Decimal("70.5"),
            unit="kg",
            loinc="29463-7",
            measured_by="participant",
            measured_at=timezone.now() - dt.timedelta(days=k),
        )

    assert queries(browser, url) == before


def test_planner_review_queries_do_not_grow_with_the_plan(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    counts = []
    for slug, clients in (("klein", 6), ("groot", 30)):
        plannable = make_plannable(slug, clients=clients)
        run = start_run(
            plannable.organisation, plannable.coordinator, method=PlanningRun.Method.GREEDY, enqueue=False
        )
        execute_run(run.pk)
        browser = Browser()
        browser.force_login(plannable.coordinator, backend=BACKEND)
        queries(browser, f"/planning/runs/{run.pk}/")  # warm the per-process caches
        counts.append(queries(browser, f"/planning/runs/{run.pk}/"))
    assert counts[0] == counts[1]


def test_reminder_outbox_queries_do_not_grow_with_messages(practice, coordinator):
    browser = Browser()
    browser.force_login(coordinator, backend=BACKEND)
    EnrolmentFactory(group=practice.group)
    run_reminders(now=practice.session.starts_at - dt.timedelta(hours=2))
    queries(browser, "/reminders/")  # the first visit stores the organisation's default settings
    before = queries(browser, "/reminders/")

    for _ in range(10):
        EnrolmentFactory(group=practice.group)
    run_reminders(now=practice.session.starts_at - dt.timedelta(hours=1))

    assert queries(browser, "/reminders/") == before
