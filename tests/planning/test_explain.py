"""Why a client is in no group: reasons a coordinator can act on, and their kind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kring.planning.explain import (
    CAPACITY,
    NO_FIT,
    REASON_TEMPLATES,
    TOO_FEW,
    Reason,
    classify_unplaced,
    explain_unplaced,
)
from kring.planning.greedy import solve_greedy
from kring.planning.model import read_instance

DATA = Path(__file__).parent / "data"


def _tiny() -> dict:
    return json.loads((DATA / "tiny.json").read_text())


def _client(data: dict, cid: str, **changes) -> dict:
    base = next(c for c in data["clients"] if c["id"] == "C03")  # no daypart or weekday wishes
    return base | {"id": cid} | changes


def _codes(reasons: list[Reason]) -> list[str]:
    return [r.code for r in reasons]


def test_reason_renders_english_from_code_and_params():
    reason = Reason("no_lead_language", {"programme": "CZ", "languages": "ti", "location": "Noord (L3)"})
    assert reason.text() == "no facilitator who can lead CZ speaks ti at Noord (L3)"


def test_client_whose_language_no_lead_speaks_gets_a_reason_naming_it():
    data = _tiny()
    data["clients"].append(_client(data, "TR1", languages=["tr"]))
    inst = read_instance(data)
    plan = solve_greedy(inst)
    unplaced = {u.client: u.reasons for u in plan.unplaced}
    assert unplaced["TR1"] == ("no facilitator who can lead CZ speaks tr at Centrum (L1)",)
    assert classify_unplaced(inst, "TR1", plan.groups) == NO_FIT
    assert len(plan.groups) == 1 and len(plan.groups[0].members) == 12


def test_interpreting_co_makes_a_language_possible():
    data = _tiny()
    co = next(f for f in data["facilitators"] if f["id"] == "F3")
    co["languages"] = ["nl", "tr"]  # shares nl with every lead, so she can interpret
    data["clients"].append(_client(data, "TR1", languages=["tr"]))
    inst = read_instance(data)
    reasons = explain_unplaced(inst, [], ["TR1"])["TR1"]
    assert "no_lead_language" not in _codes(reasons)
    assert classify_unplaced(inst, "TR1") == TOO_FEW


def test_lone_client_with_far_due_date_is_too_few_with_count_and_minimum():
    data = _tiny()
    data["clients"].append(_client(data, "LATE", anchor_date="2027-11-20"))
    inst = read_instance(data)
    plan = solve_greedy(inst)
    reasons = explain_unplaced(inst, plan.groups, ["LATE"])["LATE"]
    assert _codes(reasons) == ["too_few_clients"]
    assert reasons[0].params["count"] == 1 and reasons[0].params["minimum"] == 8
    assert reasons[0].text().startswith("only 1 clients due 2027-11-20..2027-11-20 can meet at Centrum (L1)")
    assert reasons[0].text().endswith("minimum is 8")
    assert classify_unplaced(inst, "LATE", plan.groups) == TOO_FEW


def test_evening_only_client_where_no_room_opens_in_the_evening():
    data = _tiny()
    data["rooms"][0]["availability"] = {"mon": ["morning"], "tue": ["morning"]}
    data["clients"].append(_client(data, "EVE", dayparts=["evening"]))
    for f in data["facilitators"]:
        f["availability"]["mon"] = ["morning", "evening"]
    inst = read_instance(data)
    reasons = explain_unplaced(inst, [], ["EVE"])["EVE"]
    assert "no_room_open" in _codes(reasons)
    text = next(r for r in reasons if r.code == "no_room_open").text()
    assert text == "no room at Centrum (L1) is open on any weekday in the evening"
    assert classify_unplaced(inst, "EVE") == NO_FIT


def test_weekdays_without_a_lead_and_co_are_named():
    data = _tiny()
    data["clients"].append(_client(data, "FRI", weekdays=["fri"]))
    inst = read_instance(data)
    reasons = explain_unplaced(inst, [], ["FRI"])["FRI"]
    assert _codes(reasons) == ["no_pair_at_times"]
    assert "her weekdays (fri)" in reasons[0].text()


def test_intake_after_session_two_of_every_possible_group():
    data = _tiny()
    data["clients"].append(_client(data, "INT", available_from="2027-06-01"))
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert "INT" in {u.client for u in plan.unplaced}
    reasons = explain_unplaced(inst, plan.groups, ["INT"])["INT"]
    assert _codes(reasons) == ["intake_too_late"]
    assert reasons[0].text().startswith("intake (available_from 2027-06-01) comes after session 2")
    assert classify_unplaced(inst, "INT", plan.groups) == NO_FIT


def test_due_date_too_close_to_plan_start():
    data = _tiny()
    data["clients"].append(_client(data, "SOON", anchor_date="2027-03-01"))
    inst = read_instance(data)
    reasons = explain_unplaced(inst, [], ["SOON"])["SOON"]
    assert _codes(reasons) == ["too_far_along"]
    assert "before planning starts on 2027-01-04" in reasons[0].text()


def test_client_left_over_when_facilitators_are_fully_booked_is_capacity():
    data = _tiny()
    # Twelve more clients due at the same time, but only one group may run per person.
    data["clients"] += [c | {"id": c["id"] + "b"} for c in data["clients"]]
    for f in data["facilitators"]:
        f["max_concurrent_groups"] = 1
    data["facilitators"] = [f for f in data["facilitators"] if f["id"] in ("F1", "F2", "F3")]
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert len(plan.groups) == 1 and len(plan.unplaced) == 12
    left = plan.unplaced[0].client
    reasons = explain_unplaced(inst, plan.groups, [left])[left]
    assert _codes(reasons)[0] == "groups_full"
    assert _codes(reasons)[1] in ("leads_fully_booked", "cos_fully_booked", "pairs_fully_booked")
    assert classify_unplaced(inst, left, plan.groups) == CAPACITY
    # Without the plan's groups, the same client could have had a group.
    assert classify_unplaced(inst, left) == CAPACITY


def test_full_group_is_named_for_a_client_who_fits_it():
    data = _tiny()
    data["clients"].append(_client(data, "C13", anchor_date="2027-08-10"))
    for f in data["facilitators"]:
        f["max_concurrent_groups"] = 1
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert [len(g.members) for g in plan.groups] == [12]
    left = plan.unplaced[0].client
    reasons = explain_unplaced(inst, plan.groups, [left])[left]
    assert reasons[0].code == "groups_full"
    assert reasons[0].params["groups"] == plan.groups[0].id


def test_every_unplaced_client_of_the_examples_has_reasons_and_a_kind():
    inst = read_instance(json.loads((DATA / "practice-s.json").read_text()))
    plan = solve_greedy(inst)
    ids = [u.client for u in plan.unplaced]
    explained = explain_unplaced(inst, plan.groups, ids)
    assert set(explained) == set(ids)
    assert all(explained[c] for c in ids)
    assert all(u.reasons == tuple(r.text() for r in explained[u.client]) for u in plan.unplaced)
    # The four clients already too far along at plan start, and only they, are "too far along".
    far = {c for c in ids if "too_far_along" in _codes(explained[c])}
    assert far and all(classify_unplaced(inst, c, plan.groups) == NO_FIT for c in far)


def test_single_lead_at_her_limit_is_named_as_fully_booked():
    data = _tiny()
    data["clients"] += [c | {"id": c["id"] + "b"} for c in data["clients"]]
    data["facilitators"] = [f for f in data["facilitators"] if f["id"] != "F2"]
    next(f for f in data["facilitators"] if f["id"] == "F1")["max_concurrent_groups"] = 1
    inst = read_instance(data)
    plan = solve_greedy(inst)
    assert len(plan.groups) == 1
    left = next(u.client for u in plan.unplaced if u.client.endswith("b"))
    reasons = explain_unplaced(inst, plan.groups, [left])[left]
    assert reasons[-1].text() == (
        "all CZ leads at Centrum (L1) are fully booked (max_concurrent_groups) when her group would run"
    )
    assert classify_unplaced(inst, left, plan.groups) == CAPACITY


def test_client_who_fits_a_running_group_with_room_is_told_so():
    data = _tiny()
    inst = read_instance(data)
    group = solve_greedy(inst).groups[0]
    newcomer = group.members[-1]
    data["published"] = [
        {
            "id": "P1",
            "programme": "CZ",
            "location": group.location,
            "language": group.language,
            "weekday": group.weekday,
            "daypart": group.daypart,
            "lead": group.lead,
            "co": group.co,
            "members": list(group.members[:-1]),
            "sessions": [
                {"number": s.number, "date": s.date.isoformat(), "room": s.room, "lead": s.lead, "co": s.co}
                for s in group.sessions
            ],
        }
    ]
    data["plan_start"] = (group.sessions[0].date + dt.timedelta(days=1)).isoformat()
    inst = read_instance(data)
    # The running group, as published, has room for her and session 2 is still ahead.
    others = [c for c in data["clients"] if c["id"] != newcomer]
    kept = solve_greedy(read_instance(data | {"clients": others}))
    reasons = explain_unplaced(inst, kept.groups, [newcomer])[newcomer]
    assert [r.text() for r in reasons] == ["she could still join a group with room for her (P1)"]
    assert classify_unplaced(inst, newcomer, kept.groups) == CAPACITY
    # And the greedy planner lets her join.
    plan = solve_greedy(inst)
    assert newcomer in plan.groups[0].members and plan.unplaced == ()


def test_every_reason_code_renders_with_its_parameters():
    """The templates the app translates by code; a missing parameter would raise here."""
    params = {
        "programme": "CZ",
        "location": "Centrum (L1)",
        "languages": "ti",
        "weekdays": "any",
        "dayparts": "evening",
        "minimum": 8,
        "seats": 18,
        "capacity": 16,
        "anchor_label": "due date",
        "anchor": "2027-03-01",
        "latest": "2026-12-01",
        "plan_start": "2027-01-04",
        "earliest": "2029-01-01",
        "horizon_end": "2028-12-31",
        "available_from": "2027-09-01",
        "session": 2,
        "blockers": "x",
        "count": 5,
        "first": "2027-03-01",
        "last": "2027-04-12",
        "groups": "G1",
    }
    for code in REASON_TEMPLATES:
        text = Reason(code, params).text()
        assert "{" not in text and text
