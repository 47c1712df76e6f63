"""Properties of the client validators over many generated inputs (Hypothesis)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn

from kring.care.validators import normalise_bsn, normalise_name
from kring.demo.synthetic import synthetic_bsns

NINE_DIGITS = st.text(alphabet="0123456789", min_size=9, max_size=9)
LETTERS = st.characters(categories=("Lu", "Ll", "Lo", "Mn"))


@given(NINE_DIGITS)
def test_a_nine_digit_bsn_is_accepted_exactly_when_it_passes_the_11_check(number):
    try:
        normalise_bsn(number)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == bsn.is_valid(number)


@given(st.text(alphabet="0123456789", min_size=1, max_size=12).filter(lambda s: len(s) != 9))
def test_any_other_length_is_refused(number):
    try:
        normalise_bsn(number)
    except ValidationError as error:
        assert error.code == "bsn_length"
    else:
        raise AssertionError(f"{number} accepted")


def test_every_synthetic_bsn_is_valid_and_unique():
    numbers = synthetic_bsns(1000)
    assert len(set(numbers)) == 1000
    assert all(bsn.is_valid(number) for number in numbers)


@given(st.text(alphabet=LETTERS, min_size=1, max_size=30).filter(lambda s: any(c.isalpha() for c in s)))
def test_names_in_any_script_come_back_nfc_and_stable(name):
    clean = normalise_name(name)
    assert unicodedata.is_normalized("NFC", clean)
    assert normalise_name(clean) == clean
    assert clean == unicodedata.normalize("NFC", name).strip()


@given(st.text(min_size=0, max_size=20), st.sampled_from("<>{}"), st.text(min_size=0, max_size=20))
def test_names_with_markup_characters_are_always_refused(before, char, after):
    try:
        normalise_name(before + char + after)
    except ValidationError:
        return
    raise AssertionError("markup accepted")
