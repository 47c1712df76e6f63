"""Versioned checklists kept as data (the essential-elements self-check).

Pure Python: reads ``<id>-<version>.json`` next to this module and checks a set of scores
against it. A stored self-check remembers the version it was scored with, so changing the
list later never rewrites history.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
FORMAT = "kring-checklist/1"
ESSENTIAL_ELEMENTS = "essential-elements"


class ChecklistError(ValueError):
    """A checklist file or a set of scores that does not fit its checklist."""


@dataclass(frozen=True)
class Item:
    code: str
    number: int
    text: Mapping[str, str]  # language code -> text


@dataclass(frozen=True)
class Checklist:
    id: str
    version: int
    title: Mapping[str, str]
    scale: tuple[int, ...]
    scale_labels: Mapping[int, Mapping[str, str]]
    items: tuple[Item, ...]

    @property
    def max_total(self) -> int:
        return max(self.scale) * len(self.items)

    def validate_scores(self, scores: Mapping[str, int]) -> dict[str, int]:
        """Scores for every item and nothing else, each on the scale; raises ChecklistError."""
        codes = {item.code for item in self.items}
        unknown = set(scores) - codes
        missing = codes - set(scores)
        if unknown:
            raise ChecklistError(f"unknown items: {', '.join(sorted(unknown))}")
        if missing:
            raise ChecklistError(f"missing items: {', '.join(sorted(missing))}")
        bad = sorted(code for code, score in scores.items() if score not in self.scale)
        if bad:
            raise ChecklistError(f"scores off the scale for: {', '.join(bad)}")
        return {item.code: int(scores[item.code]) for item in self.items}


def _parse(doc: dict, source: str) -> Checklist:
    if doc.get("format") != FORMAT:
        raise ChecklistError(f"{source}: expected format {FORMAT}")
    try:
        items = tuple(
            Item(code=str(i["code"]), number=int(i["number"]), text={"en": i["en"], "nl": i["nl"]})
            for i in doc["items"]
        )
        scale = tuple(sorted((int(s["score"]) for s in doc["scale"]), reverse=True))
        labels = {int(s["score"]): {"en": s["en"], "nl": s["nl"]} for s in doc["scale"]}
        checklist = Checklist(
            id=str(doc["id"]),
            version=int(doc["version"]),
            title=dict(doc["title"]),
            scale=scale,
            scale_labels=labels,
            items=items,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ChecklistError(f"{source}: {exc!r}") from exc
    if len({i.code for i in items}) != len(items):
        raise ChecklistError(f"{source}: duplicate item codes")
    return checklist


@cache
def load(checklist_id: str = ESSENTIAL_ELEMENTS, version: int | None = None) -> Checklist:
    """One version of a checklist; the newest when ``version`` is None."""
    if version is None:
        versions = available_versions(checklist_id)
        if not versions:
            raise ChecklistError(f"no checklist {checklist_id!r}")
        version = versions[-1]
    path = DATA_DIR / f"{checklist_id}-{version}.json"
    if not path.is_file():
        raise ChecklistError(f"no checklist {checklist_id!r} version {version}")
    checklist = _parse(json.loads(path.read_text(encoding="utf-8")), path.name)
    if checklist.id != checklist_id or checklist.version != version:
        raise ChecklistError(f"{path.name}: id or version does not match the file name")
    return checklist


def available_versions(checklist_id: str = ESSENTIAL_ELEMENTS) -> list[int]:
    prefix = f"{checklist_id}-"
    versions = []
    for path in DATA_DIR.glob(f"{prefix}*.json"):
        suffix = path.stem[len(prefix) :]
        if suffix.isdigit():
            versions.append(int(suffix))
    return sorted(versions)
