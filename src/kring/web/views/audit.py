"""The access log (NEN 7513), for the organisation's privacy officer: read-only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from kring.audit.access import access_log_for_user
from kring.audit.models import AccessLog
from kring.web.membership import member_required

PAGE_SIZE = 100


@member_required
def access_log(request):
    """Who did what to which client record, newest first; PermissionDenied unless privacy officer."""
    entries = access_log_for_user(request.user, request.membership.organisation)
    params = {name: request.GET.get(name, "").strip()[:50] for name in ("client", "who", "action")}
    if params["client"].isdigit():
        entries = entries.filter(client_id=int(params["client"]))
    else:
        params["client"] = ""
    if params["who"]:
        entries = entries.filter(user_label__icontains=params["who"])
    if params["action"] in AccessLog.Action.values:
        entries = entries.filter(action=params["action"])
    else:
        params["action"] = ""
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "access_log",
        "page": page,
        "params": params,
        "querystring": urlencode({name: value for name, value in params.items() if value}),
        "action_choices": AccessLog.Action.choices,
    }
    return TemplateResponse(request, "kring/audit/access_log.html", context)
