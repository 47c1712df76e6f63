"""Whether the user is a national viewer, for the menu. Lazy: the query runs only on pages
that ask (those of users without an organisation)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from kring.reports.access import is_national_viewer


def national(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"kring_national_viewer": SimpleLazyObject(lambda: is_national_viewer(user))}
