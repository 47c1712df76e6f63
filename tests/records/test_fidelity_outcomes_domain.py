"""The essential-elements self-check, birth registration and outcome fields."""

import datetime as dt

import pytest
from django.utils import timezone

from kring.records import checklists
from kring.records.errors import RecordError
from kring.records.models import Birth, FidelitySelfCheck, Outcome
from kring.records.services.fidelity import record_self_check
from kring.records.services.outcomes import record_outcome, register_birth


def _scores(value=2):
    return {item.code: value for item in checklists.load().items}


def test_self_check_is_kept_per_session_with_checklist_version(world):
    check = record_self_check(world.session, {**_scores(2), "E04": 1, "E12": "0"}, by=world.midwife)
    assert (check.total, check.max_total) == (23, 26)
    assert check.checklist_version == 1
    assert check.scores["E12"] == 0


def test_self_check_again_replaces_that_facilitators_answers(world):
    record_self_check(world.session, _scores(2), by=world.midwife)
    record_self_check(world.session, _scores(1), by=world.midwife)
    record_self_check(world.session, _scores(2), by=world.assistant)
    assert FidelitySelfCheck.objects.filter(session=world.session).count() == 2
    assert FidelitySelfCheck.objects.get(filled_by=world.midwife).total == 13


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.pop("E13"),
        lambda s: s.update(E01=3),
        lambda s: s.update(E01="veel"),
        lambda s: s.update(E99=2),
    ],
)
def test_incomplete_or_off_scale_self_check_is_refused(world, change):
    scores = _scores()
    change(scores)
    with pytest.raises(RecordError):
        record_self_check(world.session, scores, by=world.midwife)
    assert not FidelitySelfCheck.objects.exists()


def test_register_birth(world):
    client = world.clients[0]
    born = timezone.localdate() - dt.timedelta(days=1)
    client.due_date = born + dt.timedelta(days=3)
    client.save()
    birth = register_birth(
        client, born_on=born, birth_weight_g=3450, breastfeeding_started="yes", by=world.midwife
    )
    assert Birth.objects.get(client=client) == birth
    assert birth.breastfeeding_started == "yes"


@pytest.mark.parametrize(
    ("days_ago", "weight", "code"),
    [
        (-1, 3400, "future_birth"),
        (1, 0, "birth_weight_impossible"),
        (1, 500_000, "birth_weight_impossible"),
        (400, 3400, "birth_far_from_due"),
    ],
)
def test_register_birth_refuses_bad_input(world, days_ago, weight, code):
    client = world.clients[0]
    client.due_date = timezone.localdate()
    client.save()
    with pytest.raises(RecordError) as error:
        register_birth(
            client,
            born_on=timezone.localdate() - dt.timedelta(days=days_ago),
            birth_weight_g=weight,
            by=world.midwife,
        )
    assert error.value.code == code
    assert not Birth.objects.exists()


def test_record_outcome_fields(world):
    outcome = record_outcome(
        world.clients[0],
        by=world.midwife,
        pain_relief_in_labour="non_medical",
        smoking_at_intake="yes",
        smoking_at_36_weeks="no",
        smoking_after_birth="no",
        referred_in_pregnancy="yes",
        satisfaction_grade=9,
    )
    assert Outcome.objects.get(client=world.clients[0]) == outcome
    assert outcome.satisfaction_grade == 9


@pytest.mark.parametrize(
    "kwargs",
    [
        {"satisfaction_grade": 0},
        {"satisfaction_grade": 11},
        {"smoking_at_intake": "sometimes"},
        {"colour": "red"},
    ],
)
def test_record_outcome_refuses_bad_values(world, kwargs):
    with pytest.raises(RecordError):
        record_outcome(world.clients[0], by=world.midwife, **kwargs)
    assert not Outcome.objects.exists()
