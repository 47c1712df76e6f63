"""The `kring` command, run in-process: exit codes and what it prints."""

import dataclasses
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest
from builders import D, adding_clients, client, group, instance, plan, with_session

from kring.cli import main
from kring.planning.model import instance_to_json, plan_to_json, write_json

DATA = Path(__file__).parent / "data"


@pytest.fixture
def files(tmp_path):
    """Write an instance and a plan to tmp_path; returns a function giving their paths."""

    def write(inst, p=None):
        inst_path, plan_path = tmp_path / "instance.json", tmp_path / "plan.json"
        write_json(instance_to_json(inst), inst_path)
        if p is not None:
            write_json(plan_to_json(p), plan_path)
        return str(inst_path), str(plan_path)

    return write


def test_check_valid_plan_exits_0_and_prints_the_penalty(files, capsys):
    inst = adding_clients(instance(), client("C4"))
    code = main(["check", *files(inst, plan(inst))])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("valid plan: 1 groups, 1 unplaced clients")
    assert "penalty 1000 (plan claims 1000; claims right)" in out
    assert "  unplaced                 1000\n" in out


def test_check_lists_every_broken_rule_and_exits_1(files, capsys):
    inst = instance()
    g = with_session(inst, group(inst), 2, date=D("2027-04-21"), co="F1")
    code = main(["check", *files(inst, plan(inst, [g]))])
    out = capsys.readouterr().out
    assert code == 1
    assert "INVALID plan: 2 broken rules" in out
    assert "rule 2 [wrong_weekday]: group G1 session 2 on 2027-04-21: a wed" in out
    assert "rule 9 [same_lead_and_co]: group G1 session 2 on 2027-04-21: F1 is both lead and co" in out


def test_check_wrong_claims_exit_1(files, capsys):
    inst = adding_clients(instance(), client("C4"))
    p = plan(inst)
    p = dataclasses.replace(p, penalty=0, penalty_breakdown=dict(p.penalty_breakdown) | {"unplaced": 0})
    code = main(["check", *files(inst, p)])
    out = capsys.readouterr().out
    assert code == 1
    assert "CLAIMS WRONG" in out
    assert "wrong claim: penalty_breakdown.unplaced: claimed 0, computed 1000" in out


def test_check_malformed_instance_exits_2_naming_field_and_id(tmp_path, capsys):
    data = json.loads((DATA / "tiny.json").read_text())
    data["clients"][2]["anchor_date"] = "2027-02-30"
    data["rooms"][0]["colour"] = "blue"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    code = main(["check", str(bad), str(tmp_path / "plan.json")])
    captured = capsys.readouterr()
    assert code == 2
    assert "clients[C03].anchor_date: expected a date YYYY-MM-DD, got '2027-02-30'" in captured.err
    assert "rooms[R1]: unknown field 'colour'" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_check_instance_that_is_not_json_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kring-instance/1",')
    assert main(["check", str(bad), str(bad)]) == 2
    assert "not valid JSON (line 1" in capsys.readouterr().err


def test_check_missing_file_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.json"), str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert "nope.json: cannot be read" in err and "Traceback" not in err


def test_check_malformed_plan_exits_2_naming_the_field(files, capsys):
    inst = instance()
    inst_path, plan_path = files(inst, plan(inst))
    data = json.loads(Path(plan_path).read_text())
    data["groups"][0]["sessions"][1]["start"] = "tuesday morning"
    del data["penalty_breakdown"]["timing"]
    Path(plan_path).write_text(json.dumps(data))
    assert main(["check", inst_path, plan_path]) == 2
    err = capsys.readouterr().err
    assert "groups[G1].sessions[1].start: expected a date-time" in err
    assert "penalty_breakdown.timing: required field is missing" in err


def test_check_plan_with_unknown_ids_is_invalid_not_a_crash(files, capsys):
    inst = instance()
    g = with_session(inst, group(inst), 2, room="R9", lead="F9")
    g = dataclasses.replace(g, members=("C1", "C2", "C3", "X1"), programme="XX")
    assert main(["check", *files(inst, plan(inst, [g]))]) == 1
    out = capsys.readouterr().out
    assert "structure [unknown_room]" in out and "structure [unknown_programme]" in out


def test_check_example_instance_with_an_empty_plan(tmp_path, capsys):
    # city-m has published groups: leaving them out breaks rule 16 and leaves every client missing.
    data = {
        "format": "kring-plan/1", "instance": "gemeente-middenstad-2027", "status": "feasible",
        "penalty": 0, "penalty_breakdown": dict.fromkeys(
            ("unplaced", "below_target", "timing", "daypart_preference", "location_preference", "substitute",
             "room_change", "room_cost", "published_change"), 0),
        "lower_bound": None, "solve_seconds": 0, "groups": [], "unplaced": [],
    }  # fmt: skip
    plan_path = tmp_path / "empty.json"
    plan_path.write_text(json.dumps(data))
    assert main(["check", str(DATA / "city-m.json"), str(plan_path)]) == 1
    out = capsys.readouterr().out
    assert "rule 16 [published_group_missing]: published group P-CZ-1" in out
    assert "structure [client_missing]: client C00001" in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "check" in capsys.readouterr().err


def test_unknown_option_exits_2(capsys):
    assert main(["plan", "x.json", "-o", "y.json", "--method", "magic"]) == 2
    assert "invalid choice: 'magic'" in capsys.readouterr().err


# -- kring plan, with stand-in planners so the test does not depend on the real ones


def fake_module(monkeypatch, name, **functions):
    module = types.ModuleType(name)
    for key, value in functions.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_plan_greedy_writes_a_checked_plan(files, tmp_path, monkeypatch, capsys):
    inst = adding_clients(instance(), client("C4"))
    fake_module(monkeypatch, "kring.planning.greedy", solve_greedy=lambda i: plan(i))
    out_path = tmp_path / "out.json"
    code = main(["plan", files(inst)[0], "-o", str(out_path), "--method", "greedy"])
    out = capsys.readouterr().out
    assert code == 0
    assert "penalty 1000, 1 groups, 3 clients placed, 1 unplaced" in out
    written = json.loads(out_path.read_text())
    assert written["format"] == "kring-plan/1" and written["penalty"] == 1000


def test_plan_cpsat_passes_limits_and_prints_progress(files, tmp_path, monkeypatch, capsys):
    seen = {}

    def solve(inst, *, time_limit_s, seed, workers, progress=None):
        seen.update(time_limit_s=time_limit_s, seed=seed, workers=workers)
        progress({"seconds": 1.25, "penalty": 4460, "bound": 4400.0})
        return plan(inst)

    fake_module(monkeypatch, "kring.planning.cpsat", solve=solve)
    code = main(
        ["plan", files(instance())[0], "-o", str(tmp_path / "o.json"), "--time-limit", "7", "--seed", "3"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert seen == {"time_limit_s": 7.0, "seed": 3, "workers": 1}  # one worker: repeatable by seed
    assert "  seconds=1.25  penalty=4460  bound=4400.0\n" in out
    main(["plan", files(instance())[0], "-o", str(tmp_path / "o.json"), "--workers", "2"])
    assert seen["workers"] == 2


def test_plan_reports_an_invalid_result(files, tmp_path, monkeypatch, capsys):
    def bad(inst):
        g = with_session(inst, group(inst), 2, date=D("2027-04-21"))
        return plan(inst, [g])

    fake_module(monkeypatch, "kring.planning.greedy", solve_greedy=bad)
    assert main(["plan", files(instance())[0], "-o", str(tmp_path / "o.json"), "--method", "greedy"]) == 1
    assert "rule 2 [wrong_weekday]" in capsys.readouterr().out


def test_plan_without_the_planner_says_so(files, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "kring.planning.greedy", None)
    code = main(["plan", files(instance())[0], "-o", str(tmp_path / "o.json"), "--method", "greedy"])
    assert code == 3
    assert "the greedy planner is not available" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_plan_malformed_instance_exits_2(tmp_path, capsys):
    data = json.loads((DATA / "tiny.json").read_text())
    data["facilitators"][0]["locations"] = ["L9"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert main(["plan", str(bad), "-o", str(tmp_path / "o.json")]) == 2
    assert "facilitators[F1].locations: unknown location 'L9'" in capsys.readouterr().err


def test_check_infeasible_plan_exits_1_and_shows_its_problems(files, capsys):
    inst = instance()
    p = dataclasses.replace(plan(inst), status="infeasible", problems=("P1 cannot keep its lead",))
    assert main(["check", *files(inst, p)]) == 1
    out = capsys.readouterr().out
    assert "INVALID plan: 0 broken rules, status infeasible" in out
    assert "no valid plan was found; the planner says why:\n    P1 cannot keep its lead" in out


def test_rules_and_cli_do_not_import_django():
    code = "import sys, kring.cli, kring.planning.rules; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # noqa: S603
