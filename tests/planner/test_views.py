"""The planning pages as the coordinator, an outsider and a facilitator."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.organisations.models import Role
from kring.planner.models import PlanningRun
from tests.factories import PersonFactory, UserFactory
from tests.web.conftest import BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    return client


def start(client, method="greedy"):
    response = client.post(reverse("planner:start"), {"method": method})
    assert response.status_code == 302
    return PlanningRun.objects.latest("pk")


def test_home_lists_the_waiting_clients(coordinator_client, plannable):
    response = coordinator_client.get(reverse("planner:home"))
    assert response.status_code == 200
    assert "Moeder3 Jansen" in response.content.decode()
    assert AccessLog.objects.filter(
        action=AccessLog.Action.SEARCH, detail__startswith="waiting list"
    ).exists()


def test_plan_groups_then_review_shows_calendar_groups_and_changes(coordinator_client, plannable):
    run = start(coordinator_client)
    assert run.status == PlanningRun.Status.DONE
    response = coordinator_client.get(reverse("planner:run", args=[run.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "plan-calendar--month" in page
    assert "New group" in page or "Nieuwe groep" in page
    assert "Kringzaal" in page
    week = coordinator_client.get(reverse("planner:run", args=[run.pk]), {"view": "week"})
    assert "plan-calendar--week" in week.content.decode()
    assert AccessLog.objects.filter(detail__startswith=f"plan of run {run.pk}").exists()


def test_review_filters_per_group_facilitator_and_room(coordinator_client, plannable):
    run = start(coordinator_client)
    group = run.plan["groups"][0]
    url = reverse("planner:run", args=[run.pk])
    for params in (
        {"group": group["id"]},
        {"facilitator": group["lead"]},
        {"room": group["sessions"][0]["room"]},
    ):
        response = coordinator_client.get(url, {**params, "date": group["sessions"][0]["date"]})
        assert response.status_code == 200
        assert 'class="plan-session"' in response.content.decode()
    other_room = f"R{plannable.second_room.pk}"
    if all(s["room"] != other_room for s in group["sessions"]):
        response = coordinator_client.get(url, {"room": other_room, "date": group["sessions"][0]["date"]})
        assert 'class="plan-session"' not in response.content.decode()


def test_unplaced_client_is_listed_with_the_planners_reason(coordinator_client, plannable):
    from tests.factories import ClientFactory

    stranger = ClientFactory(
        organisation=plannable.organisation,
        given_name="Ghidey",
        languages=["ti"],
        due_date=plannable.clients[0].due_date,
    )
    stranger.location_preferences.create(location=plannable.location, rank=0)
    run = start(coordinator_client)
    page = coordinator_client.get(reverse("planner:run", args=[run.pk])).content.decode()
    assert "Ghidey Jansen" in page
    reasons = next(u["reasons"] for u in run.plan["unplaced"] if u["client"] == f"C{stranger.pk}")
    assert reasons == [f"no facilitator who can lead CZ speaks ti at Centrum (L{plannable.location.pk})"]
    assert "geen begeleider die CZ kan leiden spreekt ti in Centrum" in page  # translated by code


def test_progress_page_status_json_and_cancel(coordinator_client, plannable, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    run = start(coordinator_client, method="cpsat")
    assert run.status == PlanningRun.Status.QUEUED
    page = coordinator_client.get(reverse("planner:run", args=[run.pk])).content.decode()
    assert "planner/progress.js" in page and "<progress" in page
    status = coordinator_client.get(reverse("planner:status", args=[run.pk])).json()
    assert status["active"] is True and status["status"] == "queued"
    coordinator_client.post(reverse("planner:cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == PlanningRun.Status.CANCELLED


def test_instance_download_is_json_and_logged(coordinator_client, plannable):
    run = start(coordinator_client)
    response = coordinator_client.get(reverse("planner:instance", args=[run.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["format"] == "kring-instance/1"
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail__contains=f"run {run.pk}").exists()


def test_outsider_gets_404_for_another_organisations_run(client, plannable, outsider):
    run = PlanningRun.objects.create(organisation=plannable.organisation, instance={}, status="done")
    client.force_login(outsider, backend=BACKEND)
    for name in ("planner:run", "planner:status", "planner:instance"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404
    assert client.post(reverse("planner:publish", args=[run.pk])).status_code == 404


def test_facilitator_may_not_plan(client, plannable):
    user = UserFactory(username="midwife-plan")
    PersonFactory(organisation=plannable.organisation, user=user, roles=[Role.Kind.CZ_LEAD])
    client.force_login(user, backend=BACKEND)
    assert client.get(reverse("planner:home")).status_code == 403
    assert client.post(reverse("planner:start"), {"method": "greedy"}).status_code == 403


def test_anonymous_is_sent_to_login(client, plannable):
    response = client.get(reverse("planner:home"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_review_and_home_need_a_bounded_number_of_queries(
    coordinator_client, plannable, django_assert_max_num_queries
):
    run = start(coordinator_client)
    with django_assert_max_num_queries(45):
        assert coordinator_client.get(reverse("planner:run", args=[run.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert coordinator_client.get(reverse("planner:home")).status_code == 200


def test_a_run_without_a_valid_plan_says_why_and_cannot_be_published(coordinator_client, plannable):
    from kring.planner.publish import PublishConflict, publish_run

    run = start(coordinator_client)
    run.status, run.error = PlanningRun.Status.FAILED, "the published groups cannot all be kept valid"
    run.plan = {
        **run.plan,
        "status": "infeasible",
        "groups": [],
        "unplaced": [],
        "penalty": 0,
        "penalty_breakdown": {},
        "lower_bound": None,
        "problems": [run.error],
    }  # as cpsat writes it
    run.save()
    page = coordinator_client.get(reverse("planner:run", args=[run.pk])).content.decode()
    assert 'id="run-error"' in page and "cannot all be kept valid" in page
    with pytest.raises(PublishConflict):
        publish_run(run, plannable.coordinator)
    assert coordinator_client.get(reverse("planner:edit", args=[run.pk, "session"])).status_code == 403
    assert coordinator_client.post(reverse("planner:replan", args=[run.pk])).status_code == 403


def test_group_room_and_facilitator_views_are_one_click_away(coordinator_client, plannable):
    run = start(coordinator_client)
    group = run.plan["groups"][0]
    first = group["sessions"][0]
    page = coordinator_client.get(reverse("planner:run", args=[run.pk])).content.decode()
    for link in (
        f"?view=month&amp;group={group['id']}&amp;date={first['date']}",
        f"?view=week&amp;room={first['room']}&amp;date={first['date']}",
        f"?view=week&amp;facilitator={first['lead']}&amp;date={first['date']}",
    ):
        assert link in page
    week = coordinator_client.get(
        reverse("planner:run", args=[run.pk]),
        {"view": "week", "facilitator": first["co"], "date": first["date"]},
    ).content.decode()
    assert week.count('class="plan-session"') == 1


def test_planner_pages_have_no_inline_script_or_style(coordinator_client, plannable):
    from tests.web.test_account_and_layout import INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE

    run = start(coordinator_client)
    group = run.plan["groups"][0]["id"]
    urls = [
        reverse("planner:home"),
        reverse("planner:run", args=[run.pk]),
        reverse("planner:run", args=[run.pk]) + "?view=week",
        reverse("planner:edit", args=[run.pk, "session"]) + f"?group={group}&number=1",
        reverse("planner:edit", args=[run.pk, "facilitators"]) + f"?group={group}",
        reverse("planner:absences"),
    ]
    responses = [(url, coordinator_client.get(url)) for url in urls]
    coordinator_client.post(reverse("planner:publish", args=[run.pk]))
    url = reverse("planner:version", args=[1])
    responses.append((url, coordinator_client.get(url)))
    for url, response in responses:
        assert response.status_code == 200, url
        content = response.content.decode()
        assert not INLINE_SCRIPT.search(content), url
        assert not INLINE_STYLE.search(content), url
        assert not INLINE_HANDLER.search(content), url


def test_review_opens_at_the_plans_start_and_held_sessions_cannot_be_moved(coordinator_client, plannable):
    from kring.planner import adjust
    from kring.planner.publish import publish_run

    publish_run(start(coordinator_client), plannable.coordinator)
    again = start(coordinator_client)
    _instance, plan = adjust.load(again)
    # Pretend the period being planned starts after the group's third session: 1-3 were held.
    third = plan.groups[0].sessions[2]
    data = dict(again.instance, plan_start=(third.date + dt.timedelta(days=1)).isoformat())
    PlanningRun.objects.filter(pk=again.pk).update(instance=data)
    page = coordinator_client.get(reverse("planner:run", args=[again.pk])).content.decode()
    fourth = plan.groups[0].sessions[3].date
    assert f"{fourth:%Y}" in page and 'aria-current="page"' in page
    shown_month = re.search(r'<nav class="calendar-nav">.*?<strong>(.*?)</strong>', page, re.S).group(1)
    assert shown_month.strip().endswith(str(fourth.year))
    assert page.count('class="move-session"') == len(plan.groups[0].sessions) - 3
    assert page.count('class="muted held"') == 3

    held = reverse("planner:edit", args=[again.pk, "session"]) + f"?group={plan.groups[0].id}&number=2"
    response = coordinator_client.get(held, follow=True)
    assert "al geweest" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("planner:run", args=[again.pk])


def test_unplaced_clients_grouped_by_reason_and_exported_formula_safe(coordinator_client, plannable):
    from kring.care.models import Client

    # A client no one can lead in her language, with a name a spreadsheet would run as a formula.
    Client.objects.filter(pk=plannable.clients[0].pk).update(given_name="=HYPERLINK(1)", languages=["ti"])
    run = start(coordinator_client)
    page = coordinator_client.get(reverse("planner:run", args=[run.pk])).content.decode()
    assert 'class="reason-group"' in page and 'id="unplaced-csv"' in page
    response = coordinator_client.get(reverse("planner:unplaced_csv", args=[run.pk]))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Cliënt;Uitgerekende datum of geboortedatum;Soort reden;Redenen"
    assert any(line.startswith("'=HYPERLINK(1)") for line in lines[1:]), lines
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, detail__startswith="unplaced").exists()


def test_long_slot_names_break_after_the_weekday_in_the_calendar():
    from kring.planner.templatetags.planner import breakable

    assert breakable("CZ donderdagochtend · Centrum") == "CZ donderdag\u00adochtend · Centrum"
    assert breakable("CZ dinsdag vroege avond") == "CZ dinsdag vroege avond"
