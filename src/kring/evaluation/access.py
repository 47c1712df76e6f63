"""Who may see the evaluation: an organisation's coordinators see its dashboard, fidelity,
costs and checklist; its facilitators answer the staff survey. Everyone else who is logged in
(a participant, a national viewer, someone of another organisation) gets 404, as if the page
did not exist."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from kring.accounts.twofactor import needs_second_factor
from kring.web.membership import membership_for
from kring.web.views.twofactor import second_factor_redirect


def _member_with(check):
    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if needs_second_factor(request):
                return second_factor_redirect(request)
            membership = membership_for(request)
            if membership is None or not check(membership):
                raise Http404
            request.membership = membership
            return view_func(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = _member_with(lambda membership: membership.is_coordinator)
facilitator_required = _member_with(
    lambda membership: membership.is_facilitator and membership.person is not None
)
