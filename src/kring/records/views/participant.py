"""A participant's own view through her personal link: her dates, her measurements, her
charts; nobody else's data and none of the staff's notes. Every visit is logged."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from kring.audit.log import client_ip, record_access
from kring.audit.models import AccessLog
from kring.care.models import Session
from kring.records.chart_data import participant_charts
from kring.records.models import Measurement
from kring.records.services.participant_links import resolve_participant_link

LANGUAGES = {code for code, _name in settings.LANGUAGES}


@never_cache
def mine(request, token: str):
    link = resolve_participant_link(token)
    if link is None:
        raise Http404("No such link")
    client = link.client
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else link.language
    # The token never goes into the log: the path is logged with the link's id instead.
    record_access(
        user=None,
        action=AccessLog.Action.VIEW,
        organisation=client.organisation,
        client=client,
        role="participant",
        ip_address=client_ip(request),
        path=f"/me/<link {link.pk}>/",
        detail=f"participant's own view through personal link {link.pk}",
    )
    sessions = (
        Session.objects.filter(group__enrolments__client=client)
        .exclude(status=Session.Status.CANCELLED)
        .select_related("group", "room", "room__location")
        .distinct()
        .order_by("starts_at")
    )
    measurements = Measurement.objects.filter(client=client).select_related("session").order_by("measured_at")
    with translation.override(language):
        context = {
            "client": client,
            "name": client.called_name or client.given_name,
            "sessions": sessions,
            "measurements": measurements,
            "charts": participant_charts(client, measurements),
            "language": language,
            "languages": settings.LANGUAGES,
        }
        response = render(request, "records/mine.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
