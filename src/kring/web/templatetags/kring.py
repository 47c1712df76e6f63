"""Small display helpers for Kring's templates."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kring.organisations.validators import WEEKDAY_CHOICES

register = template.Library()

_WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)


@register.simple_tag
def programme_badge(code: str) -> str:
    """A coloured CZ / CO label."""
    code = (code or "").lower()
    return format_html('<span class="badge badge--{}">{}</span>', code, code.upper())


@register.filter
def weekday_name(code: str) -> str:
    return str(_WEEKDAY_NAMES.get(code, code))


@register.filter
def weekday_names(codes) -> str:
    return ", ".join(str(_WEEKDAY_NAMES.get(code, code)) for code in codes or [])


@register.filter
def yes_no(value) -> str:
    return _("yes") if value else _("no")


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


PREGNANCY_DAYS = 280  # 40 weeks from the first day of the last period to the due date


@register.filter
def gestational_age(due_date: dt.date | None) -> str:
    """Weeks+days of pregnancy today for a due date, as midwives write it: "24+3"."""
    if not due_date:
        return ""
    days = PREGNANCY_DAYS - (due_date - timezone.localdate()).days
    if days < 0:
        return ""
    return f"{days // 7}+{days % 7}"


@register.filter
def age_in_weeks(birth_date: dt.date | None) -> int | None:
    if not birth_date:
        return None
    return max((timezone.localdate() - birth_date).days // 7, 0)


@register.filter
def language_names(codes) -> str:
    """["nl", "tr"] -> "Nederlands, Turks" (in the active language)."""
    from kring.care.languages import language_name

    return ", ".join(language_name(code) for code in codes or [])
