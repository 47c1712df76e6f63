"""The essential-elements checklist is versioned data with the 13 elements of the model."""

import pytest

from kring.records import checklists
from kring.records.checklists import ChecklistError


def test_essential_elements_has_13_items_scored_0_1_2():
    checklist = checklists.load()
    assert checklist.version == 1
    assert [item.number for item in checklist.items] == list(range(1, 14))
    assert checklist.scale == (2, 1, 0)
    assert checklist.max_total == 26
    assert all(item.text["nl"] and item.text["en"] for item in checklist.items)


def test_validate_scores_accepts_a_complete_set():
    checklist = checklists.load()
    scores = {item.code: 2 for item in checklist.items}
    assert checklists.load().validate_scores(scores) == scores


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.pop("E01"), "missing"),
        (lambda s: s.update(E99=1), "unknown"),
        (lambda s: s.update(E02=3), "off the scale"),
        (lambda s: s.update(E02=-1), "off the scale"),
    ],
)
def test_validate_scores_refuses_incomplete_or_off_scale(change, message):
    checklist = checklists.load()
    scores = {item.code: 1 for item in checklist.items}
    change(scores)
    with pytest.raises(ChecklistError, match=message):
        checklist.validate_scores(scores)


def test_unknown_version_is_an_error():
    with pytest.raises(ChecklistError):
        checklists.load(version=99)
