"""The reports' Dutch catalogue is complete, not fuzzy, informal, and the committed .mo matches."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import kring.reports

LOCALE = Path(kring.reports.__file__).parent / "locale" / "nl" / "LC_MESSAGES"


def entries() -> list[dict[str, str]]:
    """Each entry as {"msgid", "msgid_plural", "msgstr", "msgstr[0]", ...}, wrapped lines joined."""
    found = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                entry[key] += ast.literal_eval(line)
                continue
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
        if entry.get("msgid"):
            found.append(entry)
    return found


def test_every_message_is_translated_and_none_is_fuzzy():
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")
    all_entries = entries()
    assert len(all_entries) > 90
    empty = [e["msgid"] for e in all_entries if any(v == "" for k, v in e.items() if k.startswith("msgstr"))]
    assert empty == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in entries():
        if "msgid_plural" in entry:
            assert catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_dutch_uses_informal_je():
    values = " ".join(v for e in entries() for k, v in e.items() if k.startswith("msgstr"))
    assert " je " in values
    assert not re.search(r"\b(u|uw)\b", values)
