"""The coordinator's page for API tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kring.api.tokens import create_token, revoke_token, tokens_for_user
from kring.care.access import can_plan
from kring.web.membership import member_required


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. 'agenda koppeling'."),
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read only"),
        required=False,
        initial=True,
        help_text=gettext_lazy("A read-only token can read but never change anything."),
    )


def _coordinator(request):
    organisation = request.membership.organisation
    if not can_plan(request.user, organisation):
        raise PermissionDenied
    return organisation


@never_cache
@member_required
def token_list(request):
    organisation = _coordinator(request)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = create_token(
            organisation,
            request.user,
            name=form.cleaned_data["name"],
            read_only=form.cleaned_data["read_only"],
        )
        form = TokenForm()
    context = {
        "section": "api_tokens",
        "form": form,
        "tokens": tokens_for_user(request.user, organisation),
        "new_key": new_key,
    }
    return TemplateResponse(request, "api/tokens.html", context)


@member_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(tokens_for_user(request.user, _coordinator(request)), pk=pk)
    revoke_token(token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
