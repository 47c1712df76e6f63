"""Plan structure (SPEC 2): every client once, known and unique ids, times with the right offset."""

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

from builders import (
    D,
    adding_clients,
    broken,
    client,
    group,
    instance,
    plan,
    published_instance,
    with_session,
)

from kring.planning import rules
from kring.planning.model import Unplaced


def structure(inst, p):
    return [(v.code, v.client or v.group) for v in rules.check(inst, p).violations if v.rule == 0]


def test_client_neither_grouped_nor_unplaced():
    inst = adding_clients(instance(), client("C4"))
    p = plan(inst, unplaced=[])
    assert structure(inst, p) == [("client_missing", "C4")]
    assert "C4" in rules.check(inst, p).violations[0].message


def test_client_grouped_and_unplaced():
    inst = instance()
    p = plan(inst, unplaced=[Unplaced("C1", ("no room",))])
    assert structure(inst, p) == [("client_grouped_and_unplaced", "C1")]


def test_client_unplaced_twice():
    inst = adding_clients(instance(), client("C4"))
    p = plan(inst, unplaced=[Unplaced("C4", ("no room",)), Unplaced("C4", ("no room",))])
    assert structure(inst, p) == [("client_unplaced_twice", "C4")]


def test_unplaced_without_a_reason():
    inst = adding_clients(instance(), client("C4"))
    p = plan(inst, unplaced=[Unplaced("C4", ())])
    assert structure(inst, p) == [("unplaced_without_reason", "C4")]


def test_unknown_client_in_a_group_and_in_unplaced():
    inst = instance()
    g = group(inst, members=("C1", "C2", "C3", "X9"))
    p = plan(inst, [g], unplaced=[Unplaced("X8", ("?",))])
    assert set(structure(inst, p)) == {("unknown_client", "X9"), ("unknown_client", "X8")}


def test_unknown_room_facilitator_programme_daypart_location():
    inst = instance()
    g = with_session(inst, group(inst), 2, room="R9", co="F9")
    g = dataclasses.replace(g, location="L9")
    codes = {code for code, _ in structure(inst, plan(inst, [g]))}
    assert codes == {"unknown_room", "unknown_facilitator", "unknown_location"}
    g = dataclasses.replace(group(inst), programme="XX", daypart="night")
    codes = {code for code, _ in structure(inst, plan(inst, [g]))}
    assert codes == {"unknown_programme", "unknown_daypart"}


def test_duplicate_group_ids():
    inst = adding_clients(instance(), client("C4"), client("C5"))
    g2 = group(inst, "G1", members=("C4", "C5"), daypart="afternoon", lead="F3", co="F4", room="R2")
    assert structure(inst, plan(inst, [group(inst), g2])) == [("duplicate_group_id", "G1")]


def test_new_group_reusing_a_published_id_is_judged_as_that_group():
    inst, p1 = published_instance()
    inst = adding_clients(inst, client("C4"), client("C5"))
    impostor = group(inst, "P1", members=("C4", "C5"), daypart="afternoon", lead="F3", co="F4", room="R2")
    found = broken(inst, plan(inst, [p1, impostor]))
    assert (0, "duplicate_group_id") in found
    assert (16, "published_identity_changed") in found


def test_start_with_the_winter_offset_in_summer():
    inst = instance()
    g = group(inst)
    summer = g.sessions[1]  # 2027-04-20 09:30 is +02:00
    wrong = dt.datetime(2027, 4, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    g = with_session(inst, g, 2, start=wrong)
    violations = rules.check(inst, plan(inst, [g])).violations
    assert [(v.rule, v.code, v.session) for v in violations] == [(0, "wrong_utc_offset", 2)]
    assert "2027-04-20T09:30:00+01:00 should be 2027-04-20T09:30:00+02:00" in violations[0].message
    assert summer.start.utcoffset() == dt.timedelta(hours=2)


def test_times_in_utc_for_the_same_moment_are_a_wrong_offset():
    inst = instance()
    g = group(inst)
    utc = g.sessions[0].start.astimezone(dt.UTC)  # same instant, 08:30Z
    g = with_session(inst, g, 1, start=utc)
    assert broken(inst, plan(inst, [g])) == {(0, "wrong_utc_offset")}


def test_times_without_offset():
    inst = instance()
    g = group(inst)
    g = with_session(inst, g, 1, end=g.sessions[0].end.replace(tzinfo=None))
    assert broken(inst, plan(inst, [g])) == {(0, "time_without_offset")}


def test_plan_for_another_instance():
    inst = instance()
    p = dataclasses.replace(plan(inst), instance="other")
    assert structure(inst, p) == [("instance_mismatch", None)]


def test_violations_for_a_hand_edited_plan_without_unplaced_list():
    inst = adding_clients(instance(), client("C4"))
    g = with_session(inst, group(inst), 2, date=D("2027-04-21"))
    violations = rules.violations_for(inst, [g])
    assert [(v.rule, v.code) for v in violations] == [(2, "wrong_weekday")]
    assert rules.violations_for(inst, [g], rules=[12]) == ()
    assert [v.code for v in rules.violations_for(inst, [g], [])] == ["client_missing", "wrong_weekday"]


def test_violation_reads_as_rule_code_and_message():
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-04-21"))
    (violation,) = rules.violations_for(inst, [g])
    assert str(violation).startswith("rule 2 [wrong_weekday]: group G1 session 2 on 2027-04-21")
    assert violation.group == "G1" and violation.session == 2 and violation.date == D("2027-04-21")


def test_describe_rules_lists_sixteen_rules():
    described = rules.describe_rules()
    assert [n for n, _ in described] == list(range(1, 17))
    assert (
        described[11][1]
        == "Hard: nobody is in two sessions at once, nor over their weekly or concurrent-group limit."
    )


def test_every_violation_code_is_registered_with_its_rule():
    source = "\n".join(f.read_text() for f in sorted(Path(rules.__file__).parent.glob("*.py")))
    used = {code: rule for rule, code in re.findall(r'(?:_v|Violation)\(\s*(\w+),\s*"(\w+)"', source)}
    assert used, "the pattern no longer finds the codes"
    registered = {code: str(rule) for code, (rule, _) in rules.CODES.items()}
    assert {c: ("0" if r == "STRUCTURE" else r) for c, r in used.items()} == registered


def test_violation_as_dict_is_json_ready():
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-04-21"))
    (violation,) = rules.violations_for(inst, [g])
    assert json.loads(json.dumps(violation.as_dict())) == {
        "rule": 2,
        "code": "wrong_weekday",
        "message": violation.message,
        "group": "G1",
        "session": 2,
        "date": "2027-04-21",
    }


def test_offsets_follow_the_october_switch_too():
    # Anchors on 2028-01-04: sessions 2027-10-26 (summer, +02:00), 2027-11-23 and 2027-12-21 (+01:00).
    inst = instance(clients=tuple(client(c, D("2028-01-04")) for c in ("C1", "C2", "C3")))
    g = group(inst, dates=(D("2027-10-26"), D("2027-11-23"), D("2027-12-21")), daypart="evening")
    assert broken(inst, plan(inst, [g])) == set()
    assert [s.start.isoformat() for s in g.sessions] == [
        "2027-10-26T19:00:00+02:00",
        "2027-11-23T19:00:00+01:00",
        "2027-12-21T19:00:00+01:00",
    ]
    summer, winter = dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=1))
    g = with_session(inst, g, 1, start=g.sessions[0].start.replace(tzinfo=winter))
    g = with_session(inst, g, 2, end=g.sessions[1].end.replace(tzinfo=summer))
    violations = rules.violations_for(inst, [g])
    assert [(v.code, v.session) for v in violations] == [("wrong_utc_offset", 1), ("wrong_utc_offset", 2)]


def test_report_groups_violations_by_rule():
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-04-21"), co="F1", room="R9")
    report = rules.check(inst, plan(inst, [g]))
    assert list(report.by_rule()) == [0, 2, 9]
    assert report.rules_broken == (0, 2, 9)
