"""Language names for people, language codes for storage.

Clients and staff store ISO 639 codes (["nl", "tr"]) because the planner matches on them; a
coordinator reads and types names ("Nederlands, Turks"). Django's own catalogue names most
languages in the active language; the ones it lacks that Dutch practices meet are added here.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

EXTRA_NAMES = {
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "am": _("Amharic"),
    "pap": _("Papiamento"),
    "ku": _("Kurdish"),
    "zh": _("Chinese"),
    "yo": _("Yoruba"),
    "tw": _("Twi"),
    "ps": _("Pashto"),
    "ber": _("Berber (Tamazight)"),
    "prs": _("Dari"),
    "srn": _("Sranan Tongo"),
}
# Offered first in pick lists: the languages Dutch CenteringZorg groups run in most.
COMMON = ["nl", "en", "tr", "ar", "ber", "pl", "ti", "so", "fa", "uk", "pap"]


def language_name(code: str) -> str:
    """The name of an ISO code in the active language, or the code when unknown."""
    if code in EXTRA_NAMES:
        return str(EXTRA_NAMES[code])
    if code in LANG_INFO and "name" in LANG_INFO[code]:
        return str(get_language_info(code)["name_translated"])
    return code


def known_codes() -> list[str]:
    extra = sorted(
        {*EXTRA_NAMES, *(c for c in LANG_INFO if len(c) in (2, 3) and "name" in LANG_INFO[c])} - set(COMMON)
    )
    return COMMON + extra


def language_choices() -> list[tuple[str, str]]:
    """(code, name) for a select: the common ones first, then the rest by name."""
    common = [(code, language_name(code)) for code in COMMON]
    rest = sorted(((code, language_name(code)) for code in known_codes()[len(COMMON) :]), key=lambda c: c[1])
    return common + rest


def code_for(text: str) -> str | None:
    """The code for a typed name or code ("Turks", "turkish", "tr"), or None."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for code in known_codes():
        if wanted in (code, language_name(code).casefold()):
            return code
        if code in LANG_INFO and wanted == str(LANG_INFO[code].get("name", "")).casefold():
            return code
    return wanted if wanted.isascii() and wanted.isalpha() and 2 <= len(wanted) <= 3 else None
