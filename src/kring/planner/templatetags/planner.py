from __future__ import annotations

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
