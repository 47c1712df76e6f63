"""Display helpers for the records' templates."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from kring.records import measurements as rules

register = template.Library()


@register.filter
def measure(value: Decimal | None, kind: str = "") -> str:
    """A stored value at its quantity's precision, with the language's decimal mark."""
    if value is None:
        return ""
    try:
        decimals = rules.QUANTITIES[rules.Kind(kind)].decimals
    except ValueError:
        decimals = 1 if value != value.to_integral_value() else 0
    return number_format(value, decimal_pos=decimals)


@register.filter
def plain_number(value: Decimal | None) -> str:
    """A value for a form field: no exponent, no trailing zeros."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


UNIT_LABELS = {"mm[Hg]": "mmHg", "/min": "/min"}


@register.filter
def unit_label(unit: str) -> str:
    """A UCUM unit code as people write it (mm[Hg] → mmHg)."""
    return UNIT_LABELS.get(unit, unit)
