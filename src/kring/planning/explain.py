"""Why a client could not be placed (stub while greedy is tested)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kring.planning.model import ClientId, Instance, PlanGroup


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return self.code


def explain_unplaced(
    instance: Instance, groups: Sequence[PlanGroup], unplaced: Iterable[ClientId]
) -> dict[ClientId, list[Reason]]:
    return {c: [Reason("unknown")] for c in unplaced}
