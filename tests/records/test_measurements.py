"""The measurement rules: ok, flagged for the midwife, or refused with a reason code."""

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from kring.records import measurements as m
from kring.records.measurements import Kind, Reason, Status


def test_blood_pressure_250_over_150_is_saved_and_flagged():
    check = m.check_blood_pressure("250", "150")
    assert not check.refused
    assert check.flagged
    assert check.systolic.reasons == (Reason.HIGH,)
    assert check.diastolic.reasons == (Reason.HIGH,)


def test_blood_pressure_30_over_300_is_refused_for_both_reasons():
    check = m.check_blood_pressure("30", "300")
    assert check.refused
    assert check.systolic.reasons == (Reason.BELOW_POSSIBLE,)
    assert check.diastolic.reasons == (Reason.ABOVE_POSSIBLE,)


def test_diastolic_above_systolic_is_refused_even_when_each_is_possible():
    check = m.check_blood_pressure(100, 120)
    assert check.refused
    assert check.pair_reasons == (Reason.DIASTOLIC_NOT_BELOW_SYSTOLIC,)


def test_diastolic_equal_to_systolic_is_refused():
    assert m.check_blood_pressure(100, 100).refused


def test_normal_blood_pressure_is_ok():
    check = m.check_blood_pressure("118", "76")
    assert not check.refused and not check.flagged
    assert check.systolic.value == Decimal(118)


def test_blood_pressure_at_the_140_90_line_is_flagged():
    check = m.check_blood_pressure(140, 90)
    assert check.flagged


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("0", Reason.BELOW_POSSIBLE), ("500", Reason.ABOVE_POSSIBLE), ("-3", Reason.BELOW_POSSIBLE)],
)
def test_impossible_weights_are_refused(raw, reason):
    check = m.check_value(Kind.WEIGHT, raw)
    assert check.refused
    assert check.reasons == (reason,)


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_missing_value_is_refused_as_required(raw):
    assert m.check_value(Kind.WEIGHT, raw).reasons == (Reason.REQUIRED,)


@pytest.mark.parametrize("raw", ["abc", "7O", "NaN", "Infinity", "1e999999999", "72;5", "<script>"])
def test_garbage_is_refused_as_not_a_number_or_impossible(raw):
    check = m.check_value(Kind.WEIGHT, raw)
    assert check.refused
    assert check.reasons[0] in {Reason.NOT_A_NUMBER, Reason.ABOVE_POSSIBLE}


def test_dutch_decimal_comma_is_accepted_and_rounded_to_the_scale():
    check = m.check_value(Kind.WEIGHT, "72,46")
    assert check.status is Status.OK
    assert check.value == Decimal("72.5")


def test_baby_weight_in_kilograms_is_converted_to_grams():
    check = m.check_value(Kind.BABY_WEIGHT, "5,2", "kg")
    assert check.status is Status.OK
    assert check.value == Decimal(5200)


def test_baby_weight_in_grams_500_kg_is_refused():
    assert m.check_value(Kind.BABY_WEIGHT, "500", "kg").refused


def test_unknown_unit_is_refused():
    assert m.check_value(Kind.WEIGHT, "70", "lb").reasons == (Reason.UNKNOWN_UNIT,)


def test_head_circumference_in_mm_is_converted_to_cm():
    check = m.check_value(Kind.HEAD_CIRCUMFERENCE, "405", "mm")
    assert check.value == Decimal("40.5")


def test_fetal_heart_rate_low_is_flagged():
    check = m.check_value(Kind.FETAL_HEART_RATE, 95)
    assert check.flagged and check.reasons == (Reason.LOW,)


def test_fundal_height_off_term_is_flagged_from_20_weeks():
    assert m.check_value(Kind.FUNDAL_HEIGHT, 24, gestational_weeks=32).reasons == (
        Reason.FUNDAL_HEIGHT_OFF_TERM,
    )
    assert m.check_value(Kind.FUNDAL_HEIGHT, 31, gestational_weeks=32).status is Status.OK
    assert m.check_value(Kind.FUNDAL_HEIGHT, 10, gestational_weeks=16).status is Status.OK


def test_every_quantity_has_a_loinc_code_and_a_unit():
    expected = {
        Kind.SYSTOLIC: "8480-6",
        Kind.DIASTOLIC: "8462-4",
        Kind.WEIGHT: "29463-7",
        Kind.BABY_WEIGHT: "29463-7",
        Kind.BABY_LENGTH: "8302-2",
        Kind.HEAD_CIRCUMFERENCE: "9843-4",
        Kind.FUNDAL_HEIGHT: "11881-0",
        Kind.FETAL_HEART_RATE: "55283-6",
    }
    assert {k: q.loinc for k, q in m.QUANTITIES.items()} == expected
    assert all(q.unit for q in m.QUANTITIES.values())
    assert all(q.possible_min < q.possible_max for q in m.QUANTITIES.values())


def test_programme_kinds_differ_between_cz_and_co():
    assert m.programme_kinds("CZ") == (Kind.SYSTOLIC, Kind.DIASTOLIC, Kind.WEIGHT)
    assert Kind.HEAD_CIRCUMFERENCE in m.programme_kinds("co")


@pytest.mark.parametrize("module", ["measurements.py", "charts.py", "checklists/__init__.py"])
def test_pure_modules_do_not_import_django(module):
    source = (
        Path(m.__file__).with_name(module).read_text()
        if "/" not in module
        else (Path(m.__file__).parent / module).read_text()
    )
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not any(name.split(".")[0] == "django" for name in imported)
