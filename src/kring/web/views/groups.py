"""Groups and their sessions."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.template.response import TemplateResponse
from django.utils import timezone

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.access import clients_for_user, get_group_for_user, groups_for_user
from kring.care.models import Enrolment, Group
from kring.organisations.models import ProgrammeCode
from kring.web.membership import member_required


@member_required
def group_list(request):
    today = timezone.localdate()
    groups = (
        groups_for_user(request.user, request.membership.organisation)
        .annotate(
            members=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE), distinct=True),
            next_date=Min("sessions__date", filter=Q(sessions__date__gte=today)),
            session_count=Count("sessions", distinct=True),
        )
        .order_by("status", "name", "pk")
    )
    params = {name: request.GET.get(name, "") for name in ("programme", "status")}
    if params["programme"] in ProgrammeCode.values:
        groups = groups.filter(programme__code=params["programme"])
    if params["status"] in Group.Status.values:
        groups = groups.filter(status=params["status"])
    context = {
        "section": "groups",
        "groups": groups,
        "params": params,
        "programme_choices": ProgrammeCode.choices,
        "status_choices": Group.Status.choices,
    }
    return TemplateResponse(request, "kring/groups/list.html", context)


@member_required
def group_detail(request, pk: int):
    organisation = request.membership.organisation
    group = get_group_for_user(request.user, pk, organisation)
    sessions = group.sessions.select_related("room", "room__location", "lead", "co").order_by("number")
    # Only the members this user may see as clients are listed (a privacy officer sees none).
    visible = clients_for_user(request.user, organisation).values("pk")
    enrolments = list(
        group.enrolments.filter(client__in=visible)
        .select_related("client", "client__programme")
        .order_by("status", "client__sort_name", "client__pk")
    )
    if enrolments:
        shown = ",".join(str(e.client_id) for e in enrolments)
        log_access(
            request,
            None,
            AccessLog.Action.SEARCH,
            detail=f"members of group {group.pk}: clients {shown}",
            organisation=organisation,
        )
    context = {
        "section": "groups",
        "group": group,
        "sessions": sessions,
        "enrolments": enrolments,
        "active_count": sum(1 for e in enrolments if e.status == Enrolment.Status.ACTIVE),
        "today": timezone.localdate(),
        # The CZ→CO pathway is the coordinator's page (records.views.pathway): only she gets the button.
        "can_open_pathway": request.membership.is_coordinator,
    }
    return TemplateResponse(request, "kring/groups/detail.html", context)
