"""Clients: the list with search and filters, a client's page, registering and editing."""

from __future__ import annotations

import unicodedata

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.access import (
    can_edit_client,
    can_plan,
    clients_for_user,
    get_client_for_user,
    programmes_for_user,
)
from kring.care.languages import code_for, language_choices
from kring.care.models import Enrolment
from kring.organisations.models import ProgrammeCode, Role
from kring.web.export import table_response
from kring.web.forms.clients import ClientForm
from kring.web.membership import member_required

PAGE_SIZE = 50
STATUS_WAITING, STATUS_ENROLLED = "waiting", "enrolled"
LEAD_PROGRAMMES = {Role.Kind.CZ_LEAD: ProgrammeCode.CZ, Role.Kind.CO_LEAD: ProgrammeCode.CO}


def _require_client_access(request) -> None:
    """Privacy officers (and anyone without a care role) never see client records."""
    membership = request.membership
    if not (membership.is_coordinator or membership.is_facilitator):
        raise PermissionDenied


def _registrable_programmes(request):
    """Programmes the user may register clients for: all (coordinator) or the ones they lead."""
    membership = request.membership
    programmes = programmes_for_user(request.user, membership.organisation).order_by("code")
    if membership.is_coordinator:
        return programmes
    return programmes.filter(code__in=[LEAD_PROGRAMMES[r] for r in membership.roles if r in LEAD_PROGRAMMES])


def search_terms(text: str) -> list[str]:
    """Split a search into words, NFC-normalised like stored names (so NFD input matches)."""
    return unicodedata.normalize("NFC", text or "").split()[:8]


def filter_clients(clients, *, q: str = "", programme: str = "", status: str = "", language: str = ""):
    for term in search_terms(q):
        digits = term.replace(".", "").replace("-", "")
        condition = (
            Q(given_name__icontains=term) | Q(family_name__icontains=term) | Q(called_name__icontains=term)
        )
        if digits.isdigit():
            condition |= Q(bsn__startswith=digits) | Q(baby_bsn__startswith=digits)
        clients = clients.filter(condition)
    if programme:
        clients = clients.filter(programme__code=programme)
    active = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE)
    if status == STATUS_WAITING:
        clients = clients.exclude(pk__in=active.values("client_id"))
    elif status == STATUS_ENROLLED:
        clients = clients.filter(pk__in=active.values("client_id"))
    if language:
        clients = _with_language(clients, language)
    return clients


def _with_language(clients, language: str):
    # JSON list membership differs per database; a quoted substring match works on both.
    return clients.filter(languages__icontains=f'"{language}"')


def _list_params(request) -> dict[str, str]:
    params = {
        name: request.GET.get(name, "").strip()[:100] for name in ("q", "programme", "status", "language")
    }
    if params["programme"] not in ("", *ProgrammeCode.values):
        params["programme"] = ""
    if params["status"] not in ("", STATUS_WAITING, STATUS_ENROLLED):
        params["status"] = ""
    # The filter offers names; a typed name or an old link with a code both work.
    params["language"] = code_for(params["language"]) or "" if params["language"] else ""
    return params


def _listed_clients(request, params: dict[str, str]):
    clients = filter_clients(clients_for_user(request.user, request.membership.organisation), **params)
    return clients.prefetch_related(
        Prefetch(
            "enrolments",
            queryset=Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).select_related("group"),
            to_attr="active_enrolments",
        )
    ).order_by("sort_name", "pk")


@member_required
def client_list(request):
    _require_client_access(request)
    organisation = request.membership.organisation
    params = _list_params(request)
    clients = _listed_clients(request, params)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail=_describe_search(params, [client.pk for client in page.object_list]),
        organisation=organisation,
    )
    context = {
        "section": "clients",
        "page": page,
        "params": params,
        "querystring": _querystring(params),
        "programme_choices": ProgrammeCode.choices,
        "language_choices": language_choices(),
        "can_register": _registrable_programmes(request).exists(),
        "can_plan_groups": params["status"] == STATUS_WAITING and can_plan(request.user, organisation),
    }
    template = (
        "kring/clients/_results.html" if request.headers.get("HX-Request") else "kring/clients/list.html"
    )
    return TemplateResponse(request, template, context)


@member_required
def client_export(request, fmt: str = "csv"):
    """The list as filtered, as CSV or Excel (no BSN); one access-log entry names every
    exported client."""
    _require_client_access(request)
    params = _list_params(request)
    clients = list(_listed_clients(request, params))
    log_access(
        request,
        None,
        AccessLog.Action.EXPORT,
        detail=_describe_search(params, [client.pk for client in clients]).replace(
            "client list", f"{fmt.upper()} export"
        ),
        organisation=request.membership.organisation,
    )
    header = [
        _("Number"),
        _("Given name"),
        _("Family name"),
        _("Programme"),
        _("Due date"),
        _("Baby's birth date"),
        _("Languages"),
        _("Group"),
    ]
    rows = (
        [
            client.pk,
            client.given_name,
            client.family_name,
            client.programme.code,
            client.due_date.isoformat() if client.due_date else "",
            client.baby_birth_date.isoformat() if client.baby_birth_date else "",
            ", ".join(client.languages or []),
            ", ".join(enrolment.group.name for enrolment in client.active_enrolments),
        ]
        for client in clients
    )
    return table_response(fmt, "kring-clients", header, rows, title=_("Clients"))


def _describe_search(params: dict[str, str], shown: list[int]) -> str:
    used = ", ".join(f"{name}={value}" for name, value in params.items() if value)
    return f"client list ({used or 'no filters'}); clients shown: {','.join(map(str, shown)) or 'none'}"


def _querystring(params: dict[str, str]) -> str:
    return urlencode({name: value for name, value in params.items() if value})


@member_required
def client_detail(request, pk: int):
    _require_client_access(request)
    client = get_client_for_user(request.user, pk, request.membership.organisation)
    log_access(request, client, AccessLog.Action.VIEW)
    enrolments = client.enrolments.select_related("group", "group__location", "group__daypart").order_by(
        "-joined_on"
    )
    context = {
        "section": "clients",
        "client": client,
        "enrolments": enrolments,
        "locations": client.preferred_locations(),
        "dayparts": dict(request.membership.organisation.dayparts.values_list("code", "name")),
        "can_edit": can_edit_client(request.user, client),
    }
    return TemplateResponse(request, "kring/clients/detail.html", context)


@member_required
def client_create(request):
    _require_client_access(request)
    programmes = _registrable_programmes(request)
    if not programmes.exists():
        raise PermissionDenied
    organisation = request.membership.organisation
    form = ClientForm(request.POST or None, organisation=organisation, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        client = form.save()
        log_access(request, client, AccessLog.Action.CREATE)
        messages.success(request, _("%(name)s is registered.") % {"name": client.display_name})
        return redirect("web:client_detail", pk=client.pk)
    context = {"section": "clients", "form": form, "client": None}
    return TemplateResponse(request, "kring/clients/form.html", context)


@member_required
def client_edit(request, pk: int):
    _require_client_access(request)
    organisation = request.membership.organisation
    client = get_client_for_user(request.user, pk, organisation)
    if not can_edit_client(request.user, client):
        raise PermissionDenied
    programmes = _registrable_programmes(request)
    form = ClientForm(request.POST or None, instance=client, organisation=organisation, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        changed = ", ".join(form.changed_data)
        try:
            client = form.save()
        except ClientForm.Conflict as conflict:
            form.add_error(None, str(conflict))
            return TemplateResponse(
                request, "kring/clients/form.html", {"section": "clients", "form": form, "client": client}
            )
        log_access(request, client, AccessLog.Action.CHANGE, detail=f"changed: {changed}")
        messages.success(request, _("The changes to %(name)s are saved.") % {"name": client.display_name})
        return redirect("web:client_detail", pk=client.pk)
    if request.method == "GET":
        log_access(request, client, AccessLog.Action.VIEW, detail="edit form")
    context = {"section": "clients", "form": form, "client": client}
    return TemplateResponse(request, "kring/clients/form.html", context)
