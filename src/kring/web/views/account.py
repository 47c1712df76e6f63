"""Logging in and out, the language and the organisation a user works in."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.views.decorators.http import require_POST

from kring.accounts.forms import LoginForm
from kring.organisations.access import get_organisation_for_user, set_active_organisation
from kring.web.membership import member_required


class LoginView(auth_views.LoginView):
    template_name = "kring/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return resolve_url("web:dashboard")


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule): a link or an image cannot log anyone out."""

    def get_default_redirect_url(self):
        return resolve_url("web:login")


@require_POST
@member_required
def switch_organisation(request):
    """Work in another of the user's organisations; 404 for one they do not belong to."""
    organisation = get_organisation_for_user(request.user, request.POST.get("organisation"))
    set_active_organisation(request, organisation)
    # Object pages belong to the previous organisation: start again from the dashboard.
    return HttpResponseRedirect(resolve_url("web:dashboard"))
