"""The access log (NEN 7513), for the organisation's privacy officer: read-only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode

from kring.audit.access import access_log_for_user, logged_client_names, logged_user_names
from kring.audit.display import describe_detail, describe_roles
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
    organisation = request.membership.organisation
    rows = [(entry, describe_detail(entry.detail)) for entry in page.object_list]
    named = {pk for entry, detail in rows for pk in (*detail.client_ids, entry.client_id) if pk}
    client_names = logged_client_names(request.user, organisation, named)
    user_names = logged_user_names(organisation, {entry.user_id for entry, _detail in rows if entry.user_id})
    context = {
        "section": "access_log",
        "page": page,
        "rows": [
            {
                "entry": entry,
                "who": user_names.get(entry.user_id, ""),
                "roles": describe_roles(entry.role),
                "client_name": client_names.get(entry.client_id, ""),
                "detail": detail.text,
                "named_clients": [(pk, client_names.get(pk, "")) for pk in detail.client_ids],
            }
            for entry, detail in rows
        ],
        "params": params,
        "querystring": urlencode({name: value for name, value in params.items() if value}),
        "action_choices": AccessLog.Action.choices,
    }
    return TemplateResponse(request, "kring/audit/access_log.html", context)
