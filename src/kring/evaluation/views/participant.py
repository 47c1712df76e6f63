"""The participant's satisfaction survey through her personal link (nl, en). Every visit is
logged like her own view; the token never enters the log."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from kring.audit.log import client_ip, record_access
from kring.audit.models import AccessLog
from kring.evaluation.forms import SatisfactionForm
from kring.evaluation.models import SatisfactionResponse
from kring.evaluation.surveys import survey_group
from kring.records.services.participant_links import resolve_participant_link

LANGUAGES = {code for code, _name in settings.LANGUAGES}


@never_cache
def survey(request, token: str):
    link = resolve_participant_link(token)
    if link is None:
        raise Http404("No such link")
    client = link.client
    language = request.GET.get("lang") if request.GET.get("lang") in LANGUAGES else link.language
    group = survey_group(client)
    saving = request.method == "POST" and group is not None
    record_access(
        user=None,
        action=AccessLog.Action.CHANGE if saving else AccessLog.Action.VIEW,
        organisation=client.organisation,
        client=client,
        role="participant",
        ip_address=client_ip(request),
        path=f"/me/<link {link.pk}>/survey/",
        detail=f"satisfaction survey through personal link {link.pk}",
    )
    with translation.override(language):
        existing = SatisfactionResponse.objects.filter(client=client, group=group).first() if group else None
        form = SatisfactionForm(request.POST if saving else None, instance=existing)
        if saving and form.is_valid():
            answer = form.save(commit=False)
            answer.client, answer.group = client, group
            answer.save()
            return redirect(f"{request.path}?lang={language}&thanks=1")
        context = {
            "name": client.called_name or client.given_name,
            "group": group,
            "form": form,
            "thanks": request.GET.get("thanks") == "1",
            "answered": existing is not None,
            "language": language,
            "languages": settings.LANGUAGES,
        }
        response = render(request, "evaluation/participant_survey.html", context)
    # "same-origin", not "no-referrer": with no referrer the browser posts the form with
    # "Origin: null" and Django's CSRF check refuses it. The token still never leaves Kring.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
