"""Template context for every page: the active organisation and the user's other ones."""

from __future__ import annotations

from kring.accounts.twofactor import needs_second_factor
from kring.organisations.access import organisations_for_user
from kring.web.membership import membership_for


def kring(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or needs_second_factor(request):
        return {}
    membership = membership_for(request)
    if membership is None:
        return {"kring_organisations": []}
    return {
        "kring_membership": membership,
        "kring_organisation": membership.organisation,
        # Lazy: the query runs only when the switcher is rendered.
        "kring_organisations": organisations_for_user(user).order_by("name"),
    }
