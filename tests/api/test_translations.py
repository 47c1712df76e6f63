"""The API's Dutch catalogue is complete and compiled, and Dutch is what a caller gets unless
it asks for English with Accept-Language."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import kring.api
from tests.api.conftest import api_client

LOCALE = Path(kring.api.__file__).parent / "locale" / "nl" / "LC_MESSAGES"


def _entries() -> dict[str, str]:
    entries = {}
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
            if key:
                entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
    return entries


def test_every_message_is_translated_and_compiled():
    entries = _entries()
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")
    assert len(entries) > 50 and [key for key, value in entries.items() if not value] == []
    for key, value in entries.items():
        assert catalogue.gettext(key.replace('\\"', '"')) == value.replace('\\"', '"'), key


def test_dutch_by_default_english_on_request(world, keys):
    dutch = api_client(keys.write[:-3] + "abc").get("/api/v1/clients/")
    english = api_client(keys.write[:-3] + "abc").get("/api/v1/clients/", HTTP_ACCEPT_LANGUAGE="en")

    assert dutch.json()["detail"] == "Dit API-token is onbekend of ingetrokken."
    assert english.json()["detail"] == "This API token is unknown or has been revoked."
