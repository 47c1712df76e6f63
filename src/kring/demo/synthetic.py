"""Synthetic identifiers for demo and test data: never a real person's.

BSNs come from the 9999xxxxx block, which is not issued to residents (the Dutch test numbers
999911120 and 999912045 are in it too), and pass the 11-check.
"""

from __future__ import annotations

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def _check_digit(first_eight: str) -> int | None:
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, _WEIGHTS, strict=True))
    digit = total % 11  # 11-check: total - last digit must be divisible by 11
    return digit if digit < 10 else None


def synthetic_bsn(index: int) -> str:
    """The `index`-th valid BSN of the synthetic block (0 <= index < about 9000)."""
    found = -1
    for serial in range(10_000):
        first_eight = f"9999{serial:04d}"
        digit = _check_digit(first_eight)
        if digit is None:
            continue
        found += 1
        if found == index:
            return f"{first_eight}{digit}"
    raise ValueError(f"no synthetic BSN number {index}")


def synthetic_bsns(count: int, start: int = 0) -> list[str]:
    result: list[str] = []
    serial = 0
    skipped = 0
    while len(result) < count:
        first_eight = f"9999{serial:04d}"
        digit = _check_digit(first_eight)
        serial += 1
        if serial > 10_000:
            raise ValueError("the synthetic BSN block is exhausted")
        if digit is None:
            continue
        if skipped < start:
            skipped += 1
            continue
        result.append(f"{first_eight}{digit}")
    return result
