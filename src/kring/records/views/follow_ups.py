"""The coordinator's list of individual visits to plan after missed sessions."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.records import access
from kring.records.errors import RecordError
from kring.records.forms import FollowUpForm
from kring.records.models import FollowUp
from kring.records.services.session_day import update_follow_up
from kring.records.views.common import kiosk_locked, report, require_coordinator
from kring.web.membership import member_required


@member_required
@kiosk_locked
def follow_up_list(request):
    require_coordinator(request)
    show = request.GET.get("show", "open")
    follow_ups = access.follow_ups_for_user(request.user, request.membership.organisation)
    if show != "all":
        follow_ups = follow_ups.filter(status__in=[FollowUp.Status.OPEN, FollowUp.Status.PLANNED])
    follow_ups = list(follow_ups.order_by("status", "session__date", "pk"))
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail=f"follow-up list: clients {','.join(str(f.client_id) for f in follow_ups) or 'none'}",
        organisation=request.membership.organisation,
    )
    context = {
        "section": "follow_ups",
        "follow_ups": follow_ups,
        "show": show,
        "statuses": FollowUp.Status.choices,
    }
    return TemplateResponse(request, "records/follow_ups.html", context)


@require_POST
@member_required
@kiosk_locked
def follow_up_update(request, pk: int):
    require_coordinator(request)
    follow_up = access.get_follow_up_for_user(request.user, pk, request.membership.organisation)
    form = FollowUpForm(request.POST)
    try:
        if not form.is_valid():
            raise RecordError(_("Give a valid status and date."), code="bad_follow_up")
        update_follow_up(follow_up, **form.cleaned_data)
        log_access(request, follow_up.client, AccessLog.Action.CHANGE, detail=f"follow-up {follow_up.pk}")
        messages.success(request, _("Saved."))
    except RecordError as error:
        report(request, error)
    return redirect("records:follow_ups")
