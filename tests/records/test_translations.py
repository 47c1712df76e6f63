"""The records' Dutch translations are complete, not fuzzy, and the committed .mo matches."""

import gettext
import re
from pathlib import Path

import kring.records

LOCALE = Path(kring.records.__file__).parent / "locale" / "nl" / "LC_MESSAGES"


def _entries() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
            if key:
                entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = _entries()
    assert len(entries) > 300
    assert [key for key, value in entries.items() if not value] == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for key, value in _entries().items():
        unescaped = key.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        expected = value.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        assert catalogue.gettext(unescaped) == expected, key


def test_dutch_uses_informal_je():
    values = " ".join(_entries().values())
    assert " je " in values
    assert not re.search(r"\b(u|uw)\b", values)
