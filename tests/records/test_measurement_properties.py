"""Properties of the measurement rules over many generated values."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kring.records import measurements as m
from kring.records.measurements import Kind, Status

KINDS = st.sampled_from(list(Kind))


@given(kind=KINDS, data=st.data())
def test_values_inside_the_possible_range_are_never_refused(kind, data):
    q = m.QUANTITIES[kind]
    value = data.draw(st.decimals(min_value=q.possible_min, max_value=q.possible_max, places=q.decimals))
    check = m.check_value(kind, str(value).replace(".", ","))
    assert check.status in (Status.OK, Status.FLAG)
    assert check.value == value


@given(kind=KINDS, excess=st.decimals(min_value=Decimal(1), max_value=Decimal(10**6), places=0))
def test_values_outside_the_possible_range_are_always_refused(kind, excess):
    q = m.QUANTITIES[kind]
    assert m.check_value(kind, q.possible_max + excess).refused
    assert m.check_value(kind, q.possible_min - excess).refused


@given(text=st.text(max_size=30))
def test_any_text_gives_a_verdict_never_an_exception(text):
    check = m.check_value(Kind.WEIGHT, text)
    assert check.status in set(Status)


@given(systolic=st.integers(50, 300), diastolic=st.integers(20, 200))
def test_blood_pressure_refused_exactly_when_diastolic_is_not_below_systolic(systolic, diastolic):
    assert m.check_blood_pressure(systolic, diastolic).refused == (diastolic >= systolic)
