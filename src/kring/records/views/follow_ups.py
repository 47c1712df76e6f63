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
from kring.records.models import Attendance, FollowUp
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
    follow_ups = list(
        follow_ups.select_related("client", "session__group").order_by("status", "session__date", "pk")
    )
    # Why each one missed (absent or excused): the attendance of that session.
    missed = {
        (a.session_id, a.client_id): a
        for a in Attendance.objects.filter(
            session_id__in={f.session_id for f in follow_ups}, client_id__in={f.client_id for f in follow_ups}
        )
    }
    for follow_up in follow_ups:
        attendance = missed.get((follow_up.session_id, follow_up.client_id))
        follow_up.reason = attendance.get_status_display() if attendance else ""
        follow_up.reason_code = attendance.status if attendance else ""
    # The list shows phone and e-mail to reach each participant: logged as such.
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail="follow-up list with contact details: clients "
        + (",".join(str(f.client_id) for f in follow_ups) or "none"),
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
