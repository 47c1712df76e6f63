"""The outbox of reminders for the coordinator: what was sent, what waits, what failed (with
retry), the organisation's reminder settings, and the planner's messages still waiting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.care.access import can_plan
from kring.planner.models import OutboxMessage
from kring.reminders.forms import ReminderSettingsForm
from kring.reminders.models import Notice, ReminderSettings
from kring.reminders.sending import retry
from kring.reminders.tasks import send_reminders
from kring.web.membership import member_required

SHOWN = 200
STATUSES = [choice for choice, _label in Notice.Status.choices]


def _coordinator(request):
    organisation = request.membership.organisation
    if not can_plan(request.user, organisation):
        raise PermissionDenied
    return organisation


@member_required
def outbox(request):
    organisation = _coordinator(request)
    config, _created = ReminderSettings.objects.get_or_create(organisation=organisation)
    form = ReminderSettingsForm(request.POST or None, instance=config)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reminder settings saved."))
        return redirect("reminders:outbox")
    status = request.GET.get("status", "")
    notices = Notice.objects.filter(organisation=organisation).select_related("session__group")
    if status in STATUSES:
        notices = notices.filter(status=status)
    shown = list(notices[:SHOWN])
    client_ids = sorted({n.client_id for n in shown if n.client_id})
    if client_ids:
        detail = "reminder outbox: clients " + ",".join(map(str, client_ids))
        log_access(request, None, AccessLog.Action.VIEW, detail=detail, organisation=organisation)
    counted = dict(
        Notice.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    waiting_planner = (
        OutboxMessage.objects.filter(organisation=organisation)
        .exclude(status=OutboxMessage.Status.SENT)
        .values_list("version__number", flat=True)
        .distinct()
        .order_by("version__number")
    )
    context = {
        "section": "planner",
        "form": form,
        "notices": shown,
        "status": status,
        "statuses": [(code, label, counted.get(code, 0)) for code, label in Notice.Status.choices],
        "planner_versions": list(waiting_planner),
    }
    return TemplateResponse(request, "reminders/outbox.html", context)


@member_required
@require_POST
def notice_retry(request, pk: int):
    organisation = _coordinator(request)
    notice = get_object_or_404(Notice, pk=pk, organisation=organisation)
    if retry(notice):
        send_reminders.enqueue()  # a worker sends it now instead of at the next round
        messages.success(request, _("The message is queued again."))
    else:
        messages.error(request, _("Only a failed message can be sent again."))
    return redirect("reminders:outbox")
