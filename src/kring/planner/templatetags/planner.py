from __future__ import annotations

import re

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.filter
def get(mapping, key):
    """`names|get:id`: the display name of an exchange id (the id itself when unknown)."""
    return mapping.get(key, key) if hasattr(mapping, "get") else key


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced."""
    params = {k: v for k, v in context["request"].GET.items()}
    params.update({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()})
    return urlencode(params)


_WEEKDAY_JOIN = re.compile(r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)(?=[a-z])")


@register.filter
def breakable(name: str) -> str:
    """A soft hyphen where a Dutch weekday joins its daypart ("dinsdag-avond"), so a narrow
    calendar cell breaks the word there instead of mid-syllable or outside the cell."""
    return _WEEKDAY_JOIN.sub("\\1\u00ad", str(name))
