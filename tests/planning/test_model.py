"""Reading and writing the exchange format (SPEC sections 1 and 2)."""

import copy
import json
from pathlib import Path

import pytest

from kring.planning.model import FormatError, instance_to_json, load_instance, read_instance

DATA = Path(__file__).parent / "data"


def _tiny() -> dict:
    return json.loads((DATA / "tiny.json").read_text())


@pytest.mark.parametrize("name", ["tiny", "practice-s", "city-m"])
def test_example_instances_read_and_round_trip(name):
    instance = load_instance(DATA / f"{name}.json")
    assert read_instance(instance_to_json(instance)) == instance


def test_malformed_instance_names_field_and_id():
    data = _tiny()
    data["clients"][0]["anchor_date"] = "2027-02-30"
    data["clients"][1]["colour"] = "blue"
    del data["rooms"][0]["capacity"]
    with pytest.raises(FormatError) as caught:
        read_instance(data)
    problems = caught.value.problems
    assert "clients[C01].anchor_date: expected a date YYYY-MM-DD, got '2027-02-30'" in problems
    assert "clients[C02]: unknown field 'colour'" in problems
    assert "rooms[R1].capacity: required field is missing" in problems


def test_unknown_reference_is_reported_with_its_id():
    data = _tiny()
    data["facilitators"][0]["locations"] = ["L9"]
    with pytest.raises(FormatError) as caught:
        read_instance(data)
    assert caught.value.problems == ["facilitators[F1].locations: unknown location 'L9'"]


def test_duplicate_ids_and_bad_daypart_are_errors():
    data = _tiny()
    data["clients"].append(copy.deepcopy(data["clients"][0]))
    data["dayparts"][0]["start"] = "02:30"
    with pytest.raises(FormatError) as caught:
        read_instance(data)
    text = str(caught.value)
    assert "duplicate id 'C01'" in text
    assert "02:30 lies between 02:00 and 03:00" in text


def test_meta_is_allowed_anywhere_and_ignored():
    data = _tiny()
    data["meta"] = {"note": "x"}
    data["clients"][0]["meta"] = {"source": "HIS"}
    assert read_instance(data) == read_instance(_tiny())


def test_unknown_weight_is_an_error():
    data = _tiny()
    data["weights"]["happiness"] = 3
    with pytest.raises(FormatError, match="weights: unknown field 'happiness'"):
        read_instance(data)
