"""Sorting names as a Dutch reader expects, the same on SQLite and PostgreSQL.

The databases compare code points (SQLite always; PostgreSQL with the "C" collation CI and many
installations use), which puts "Doğan" before "Dąbrowska" and "van Dijk" under v. A Dutch list
ignores accents, case and the family-name prefix ("van Dijk" files under D). So each client
stores a folded sort key, computed in Python, and every list orders by it.
"""

from __future__ import annotations

import unicodedata

# Dutch (and Flemish/German) prefixes that a Dutch index skips, longest first.
_PREFIXES = (
    "van der ",
    "van den ",
    "van de ",
    "van 't ",
    "in 't ",
    "in de ",
    "op de ",
    "van ",
    "von ",
    "der ",
    "den ",
    "de ",
    "het ",
    "ter ",
    "ten ",
    "te ",
    "'t ",
)
# Letters that are not a base letter plus a combining mark, so NFKD leaves them alone.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})


def fold(text: str) -> str:
    """Lower case without accents: "Dąbrowska" -> "dabrowska", "Çelik" -> "celik"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def without_prefix(family_name: str) -> str:
    lowered = family_name.casefold()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix) and len(lowered) > len(prefix):
            return family_name[len(prefix) :]
    return family_name


def dutch_sort_key(family_name: str, given_name: str) -> str:
    """The key a Dutch alphabetical list orders by: family name (prefix skipped), then given name."""
    family = fold(without_prefix(family_name.strip()))
    return f"{family}\x1f{fold(given_name.strip())}"[:250]
