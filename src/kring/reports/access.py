"""Who may see which report: the organisation's coordinator its own annual reports; a national
viewer (no organisation) the national aggregates only. Everything else is a 404, exactly like
an id that does not exist."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404

from kring.accounts.twofactor import needs_second_factor
from kring.organisations.access import has_role
from kring.organisations.models import Organisation, Role
from kring.reports.models import AnnualReport, NationalViewer
from kring.web.membership import membership_for
from kring.web.views.twofactor import second_factor_redirect


def is_national_viewer(user) -> bool:
    return bool(user and user.is_authenticated and NationalViewer.objects.filter(user=user).exists())


def can_report(user, organisation: Organisation) -> bool:
    return has_role(user, organisation, Role.Kind.COORDINATOR)


def coordinator_required(view_func):
    """Logged in (with the second factor where required) as a coordinator of the active
    organisation; sets `request.membership`. Everyone else who is logged in - a facilitator,
    a participant, a national viewer, someone of another organisation - gets 404."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if needs_second_factor(request):
            return second_factor_redirect(request)
        membership = membership_for(request)
        if membership is None or not can_report(request.user, membership.organisation):
            raise Http404
        request.membership = membership
        return view_func(request, *args, **kwargs)

    return wrapper


def get_annual_report_for_user(request, pk) -> AnnualReport:
    """One of the active organisation's reports; 404 for any other id, existing or not."""
    from kring.reports.jobs import expire_if_stale

    return expire_if_stale(
        get_object_or_404(
            AnnualReport.objects.defer("pdf"), pk=pk, organisation=request.membership.organisation
        )
    )


def national_viewer_required(view_func):
    """Logged in (with the second factor where required) as a national viewer; anyone else
    gets 404, so the page does not even admit that it exists."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if needs_second_factor(request):
            return second_factor_redirect(request)
        if not is_national_viewer(request.user):
            raise Http404
        return view_func(request, *args, **kwargs)

    return wrapper
