"""The evaluation's Dutch catalogue is complete and the committed .mo matches the .po."""

from __future__ import annotations

import gettext
from pathlib import Path

import kring.evaluation
from kring.evaluation.measures import MEASURES

LOCALE = Path(kring.evaluation.__file__).parent / "locale" / "nl" / "LC_MESSAGES"


def test_every_msgstr_is_filled_and_compiled():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    assert '\nmsgstr ""\n\n' not in po.split("\n\n", 1)[1] + "\n\n"
    catalogue = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    assert catalogue.gettext("Evaluation") == "Evaluatie"


def test_every_definition_has_a_dutch_translation():
    catalogue = gettext.GNUTranslations((LOCALE / "django.mo").open("rb"))
    for measure in MEASURES:
        english = " ".join((measure.condition.__doc__ or "").split())
        assert catalogue.gettext(english) != english, measure.code
