"""The CenteringZorg programme definitions as data (`cz.json`, `co.json`).

Pure Python, no Django: the care app copies them into the database per organisation
(`kring.care.programmes.ensure_programmes`, `manage.py load_programmes`), where they stay
editable; the planning core reads the same numbers in its exchange format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROGRAMME_DIR = Path(__file__).resolve().parent
PROGRAMME_CODES = ("CZ", "CO")


def read_programme(code: str) -> dict[str, Any]:
    """The definition of programme `code` ("CZ" or "CO") as stored in its JSON file."""
    if code not in PROGRAMME_CODES:
        raise ValueError(f"unknown programme {code!r}; expected one of {PROGRAMME_CODES}")
    with (PROGRAMME_DIR / f"{code.lower()}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    numbers = [session["number"] for session in data["sessions"]]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{code}: sessions must be numbered 1..n in order, got {numbers}")
    return data
