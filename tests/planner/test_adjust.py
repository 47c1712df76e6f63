"""Hand edits: conflicts from the planner's own rules before saving, pins, re-plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.planner import adjust
from kring.planner.models import Pin, PlanningRun
from kring.planner.runs import start_run
from kring.planning.rules import check
from tests.web.conftest import BACKEND

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(plannable) -> PlanningRun:
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    run.refresh_from_db()
    return run


@pytest.fixture
def browser(client, plannable):
    client.force_login(plannable.coordinator, backend=BACKEND)
    return client


def first_group(run):
    return run.plan["groups"][0]


def test_moving_a_session_to_another_room_has_no_conflict(plannable, run):
    instance, plan = adjust.load(run)
    group = plan.groups[0]
    s = group.sessions[2]
    after = adjust.apply_edit(
        instance, plan, adjust.MoveSession(group.id, 3, s.date, f"R{plannable.second_room.pk}")
    )
    assert adjust.new_conflicts(instance, plan, after) == []
    assert after.penalty > plan.penalty  # room_change costs a little
    assert check(instance, after).valid


def test_moving_a_session_off_the_groups_weekday_breaks_rule_2(run):
    instance, plan = adjust.load(run)
    group = plan.groups[0]
    s = group.sessions[2]
    after = adjust.apply_edit(
        instance, plan, adjust.MoveSession(group.id, 3, s.date + dt.timedelta(days=1), s.room)
    )
    assert 2 in {v.rule for v in adjust.new_conflicts(instance, plan, after)}


def test_co_facilitator_as_lead_breaks_rule_9(plannable, run):
    instance, plan = adjust.load(run)
    group = plan.groups[0]
    edit = adjust.SetFacilitators(group.id, 1, f"F{plannable.co.pk}", f"F{plannable.lead.pk}")
    after = adjust.apply_edit(instance, plan, edit)
    assert 9 in {v.rule for v in adjust.new_conflicts(instance, plan, after)}


def test_stand_in_lead_for_one_session_is_valid_and_costs_a_substitute(plannable, run):
    instance, plan = adjust.load(run)
    group = plan.groups[0]
    edit = adjust.SetFacilitators(group.id, 4, f"F{plannable.spare.pk}", group.co)
    after = adjust.apply_edit(instance, plan, edit)
    assert adjust.new_conflicts(instance, plan, after) == []
    assert after.penalty_breakdown["substitute"] == plan.penalty_breakdown["substitute"] + 40


def test_moving_a_client_out_leaves_her_unplaced_with_a_reason(plannable, run):
    instance, plan = adjust.load(run)
    cid = plan.groups[0].members[0]
    after = adjust.apply_edit(instance, plan, adjust.MoveClient(cid, None))
    assert [u.client for u in after.unplaced] == [cid]
    assert after.unplaced[0].reasons


def test_edit_page_shows_conflicts_before_saving(browser, plannable, run):
    group = first_group(run)
    session = group["sessions"][2]
    url = reverse("planner:edit", args=[run.pk, "session"])
    page = browser.get(url, {"group": group["id"], "number": 3})
    assert page.status_code == 200
    wrong_day = (dt.date.fromisoformat(session["date"]) + dt.timedelta(days=1)).isoformat()
    data = {
        "s-group": group["id"],
        "s-number": 3,
        "s-date": wrong_day,
        "s-room": session["room"],
        "s-pin": "on",
    }
    response = browser.post(url, {**data, "preview": "1"})
    assert 'id="edit-conflicts"' in response.content.decode()
    response = browser.post(url, {**data, "save": "1", "revision": 0})  # not accepted: still the preview
    assert response.status_code == 200
    run.refresh_from_db()
    assert run.plan["groups"][0]["sessions"][2]["date"] == session["date"]


def test_saving_an_edit_stores_the_plan_and_the_pin(browser, plannable, run):
    group = first_group(run)
    session = group["sessions"][2]
    room = f"R{plannable.second_room.pk}"
    url = reverse("planner:edit", args=[run.pk, "session"])
    data = {"s-group": group["id"], "s-number": 3, "s-date": session["date"], "s-room": room, "s-pin": "on"}
    assert 'id="edit-ok"' in browser.post(url, {**data, "preview": "1"}).content.decode()
    response = browser.post(url, {**data, "save": "1", "revision": 0})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.plan["groups"][0]["sessions"][2]["room"] == room
    pin = Pin.objects.get(run=run)
    assert (pin.kind, pin.group, pin.session, pin.value["room"]) == ("session", group["id"], 3, room)


def test_moving_a_client_in_the_browser_is_logged(browser, plannable, run):
    cid = first_group(run)["members"][0]
    url = reverse("planner:edit", args=[run.pk, "client"])
    response = browser.post(
        url, {"c-client": cid, "c-to_group": "", "save": "1", "accept_conflicts": "1", "revision": 0}
    )
    assert response.status_code == 302
    assert AccessLog.objects.filter(action=AccessLog.Action.CHANGE, client_id=int(cid[1:])).exists()


def test_unknown_ids_in_an_edit_are_refused(browser, run):
    url = reverse("planner:edit", args=[run.pk, "session"])
    data = {"s-group": "G999", "s-number": 1, "s-date": "2030-01-01", "s-room": "R1", "preview": "1"}
    assert browser.post(url, data).status_code in (200, 403)  # unknown room: form error; unknown group: 403
    assert browser.get(reverse("planner:edit", args=[run.pk, "nonsense"])).status_code == 403


def test_replan_keeps_the_pinned_room_and_changes_little(plannable, run):
    instance, plan = adjust.load(run)
    group = plan.groups[0]
    room = f"R{plannable.second_room.pk}"
    edit = adjust.MoveSession(group.id, 5, group.sessions[4].date, room)
    edited = adjust.apply_edit(instance, plan, edit)
    from kring.planning.model import plan_to_json

    run.plan = plan_to_json(edited)
    run.save()
    adjust.pin_edit(run, edit)
    replan = start_run(plannable.organisation, plannable.coordinator, based_on=run)
    replan.refresh_from_db()
    assert replan.status == PlanningRun.Status.DONE, replan.error
    new_instance, new_plan = adjust.load(replan)
    assert adjust.pin_holds(new_plan, edit)
    assert check(new_instance, new_plan).valid
    assert replan.pins.count() == 1
    kept = {(s.number, s.date, s.room) for g in new_plan.groups for s in g.sessions}
    before = {(s.number, s.date, s.room) for g in edited.groups for s in g.sessions}
    assert len(before - kept) <= 2  # little moves; the optimiser may improve a session or two


def test_a_second_coordinator_saving_on_an_old_view_gets_a_clear_message(browser, plannable, run):
    group = first_group(run)
    session = group["sessions"][2]
    url = reverse("planner:edit", args=[run.pk, "session"])
    room = f"R{plannable.second_room.pk}"
    mine = {"s-group": group["id"], "s-number": 3, "s-date": session["date"], "s-room": room, "revision": 0}
    assert browser.post(url, {**mine, "save": "1"}).status_code == 302
    theirs = {**mine, "s-room": session["room"], "s-number": 3, "save": "1"}  # still revision 0
    response = browser.post(url, theirs, follow=True)
    assert any("in the meantime" in str(m) or "ondertussen" in str(m) for m in response.context["messages"])
    run.refresh_from_db()
    assert run.revision == 1
    assert run.plan["groups"][0]["sessions"][2]["room"] == room


def test_save_edit_refuses_an_old_revision(plannable, run):
    _instance, plan = adjust.load(run)
    g = plan.groups[0]
    edit = adjust.MoveSession(g.id, 2, g.sessions[1].date, f"R{plannable.second_room.pk}")
    adjust.save_edit(run.pk, edit, revision=0, pin=True)
    with pytest.raises(adjust.StaleEdit):
        adjust.save_edit(run.pk, edit, revision=0, pin=False)
    assert Pin.objects.filter(run=run).count() == 1


def test_a_pin_can_be_removed(browser, plannable, run):
    _instance, plan = adjust.load(run)
    g = plan.groups[0]
    pin = adjust.pin_edit(run, adjust.MoveSession(g.id, 2, g.sessions[1].date, g.sessions[1].room))
    page = browser.get(reverse("planner:run", args=[run.pk])).content.decode()
    assert reverse("planner:pin_delete", args=[run.pk, pin.pk]) in page
    browser.post(reverse("planner:pin_delete", args=[run.pk, pin.pk]))
    assert not Pin.objects.filter(run=run).exists()


def test_monitor_stops_a_solve_that_overruns_its_time_limit(run):
    from kring.planner.runs import _Monitor

    monitor = _Monitor(run, threaded=False)
    assert not monitor.should_stop()
    monitor.started -= run.time_limit_s + 6
    assert monitor.should_stop()


@pytest.mark.parametrize("bad_date", ["2027-02-29", "29-02-2027x", ""])
def test_a_date_that_does_not_exist_is_refused_and_nothing_is_saved(browser, run, bad_date):
    group = first_group(run)
    session = group["sessions"][2]
    url = reverse("planner:edit", args=[run.pk, "session"])
    data = {"s-group": group["id"], "s-number": 3, "s-date": bad_date, "s-room": session["room"]}
    response = browser.post(url, {**data, "save": "1", "revision": 0})
    assert response.status_code == 200
    assert response.context["form"].errors["date"]
    run.refresh_from_db()
    assert run.revision == 0 and run.plan["groups"][0]["sessions"][2] == session


def test_lead_and_co_must_differ_in_the_form(browser, plannable, run):
    group = first_group(run)
    url = reverse("planner:edit", args=[run.pk, "facilitators"])
    same = f"F{plannable.lead.pk}"
    response = browser.post(url, {"f-group": group["id"], "f-lead": same, "f-co": same, "preview": "1"})
    assert response.context["form"].non_field_errors()


def _pin_and_replan(plannable, run, edit):
    from kring.planning.model import plan_to_json

    instance, plan = adjust.load(run)
    run.plan = plan_to_json(adjust.apply_edit(instance, plan, edit))
    run.save()
    adjust.pin_edit(run, edit)
    replan = start_run(plannable.organisation, plannable.coordinator, based_on=run)
    replan.refresh_from_db()
    assert replan.status == PlanningRun.Status.DONE, replan.error
    return replan


def test_a_pin_the_replan_cannot_keep_is_recorded_and_shown_as_a_warning(browser, plannable, run):
    group = adjust.load(run)[1].groups[0]
    # the co-facilitator as lead: saved with its conflict accepted, but it breaks rule 9
    edit = adjust.SetFacilitators(group.id, 1, f"F{plannable.co.pk}", f"F{plannable.lead.pk}")
    replan = _pin_and_replan(plannable, run, edit)

    new_instance, new_plan = adjust.load(replan)
    assert not adjust.pin_holds(new_plan, edit)
    assert check(new_instance, new_plan).valid
    assert len(replan.unkept_pins) == 1
    unkept = replan.unkept_pins[0]
    assert (unkept["kind"], unkept["group"], unkept["session"]) == ("facilitators", group.id, 1)
    assert 9 in {v["rule"] for v in unkept["violations"]}
    assert all(v["code"] for v in unkept["violations"])

    page = browser.get(reverse("planner:run", args=[replan.pk])).content.decode()
    assert 'id="unkept-pins"' in page
    assert "Vastgezette keuzes niet behouden" in page
    assert "hoofdbegeleider zijn" in page  # rule 9 in words, not its number and code


def test_a_pin_the_replan_keeps_shows_no_warning(browser, plannable, run):
    group = adjust.load(run)[1].groups[0]
    edit = adjust.MoveSession(group.id, 5, group.sessions[4].date, f"R{plannable.second_room.pk}")
    replan = _pin_and_replan(plannable, run, edit)

    assert adjust.pin_holds(adjust.load(replan)[1], edit)
    assert replan.unkept_pins == []
    page = browser.get(reverse("planner:run", args=[replan.pk])).content.decode()
    assert 'id="unkept-pins"' not in page
    assert "Vastgezette keuzes niet behouden" not in page


def test_reprice_reports_a_pin_whose_group_is_gone(plannable, run):
    instance, plan = adjust.load(run)
    pin = Pin(run=run, kind=Pin.Kind.FACILITATORS, group="G-gone", value={"lead": "x", "co": "y"})
    unkept: list[dict] = []
    adjust.reprice(instance, plan, plan, [pin], unkept=unkept)
    assert unkept == [adjust.unkept_entry(pin, [(0, adjust.PIN_TARGET_GONE)])]


def test_moving_a_session_can_change_the_groups_time_of_day(browser, plannable, run):
    instance, plan = adjust.load(run)
    group = plan.groups[0]
    other = next(d for d in instance.dayparts if d.id != group.daypart)
    s = group.sessions[2]
    after = adjust.apply_edit(instance, plan, adjust.MoveSession(group.id, 3, s.date, s.room, other.id))
    moved = next(g for g in after.groups if g.id == group.id)
    assert moved.daypart == other.id
    assert {(x.start.time(), x.end.time()) for x in moved.sessions} == {(other.start, other.end)}

    # Through the form: the time of day is offered, and saving keeps it (and pins it).
    url = reverse("planner:edit", args=[run.pk, "session"]) + f"?group={group.id}&number=3"
    form = browser.get(url).content.decode()
    assert 'name="s-daypart"' in form and "Tijd van de groep" in form
    data = {
        "revision": run.revision,
        "s-group": group.id,
        "s-number": 3,
        "s-date": s.date.isoformat(),
        "s-room": s.room,
        "s-daypart": other.id,
        "s-pin": "on",
        "save": "1",
        "accept_conflicts": "1",
    }
    assert browser.post(url, data).status_code == 302
    run.refresh_from_db()
    saved = next(g for g in adjust.load(run)[1].groups if g.id == group.id)
    assert saved.daypart == other.id
    assert adjust.pin_holds(adjust.load(run)[1], adjust.pin_edits(list(run.pins.all()))[0])
