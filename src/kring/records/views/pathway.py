"""The CZ→CO pathway pages: the CZ coordinator's side (guest, proposal) and the JGZ
coordinator's side (incoming proposals: form the group, hold the kick-off with CZ session 10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kring.audit.log import log_access
from kring.audit.models import AccessLog
from kring.records import access
from kring.records.errors import RecordError
from kring.records.forms import FormGroupForm, GuestForm, KickoffForm, ProposalForm
from kring.records.models.pathway import GUEST_SESSION_NUMBERS, KICKOFF_CZ_SESSION_NUMBER
from kring.records.services import pathway
from kring.records.views.common import kiosk_locked, report, require_coordinator
from kring.web.membership import member_required


def _cz_group(request, pk):
    require_coordinator(request)
    group = access.get_group_for_user(request.user, pk, request.membership.organisation)
    if group.programme.code != "CZ":
        raise PermissionDenied
    return group


@member_required
@kiosk_locked
def group_pathway(request, pk: int):
    group = _cz_group(request, pk)
    candidates = pathway.co_candidates(group)
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail=f"CZ→CO pathway of group {group.pk}: clients {','.join(str(c.pk) for c, _b in candidates)}",
        organisation=request.membership.organisation,
    )
    guest_sessions = group.sessions.filter(number__in=GUEST_SESSION_NUMBERS).order_by("number")
    context = {
        "section": "groups",
        "group": group,
        "candidates": candidates,
        "ready": pathway.ready_for_co(group),
        "guest_form": GuestForm(sessions=guest_sessions),
        "invitations": [inv for s in guest_sessions for inv in s.guest_invitations.all()],
        "proposal_form": ProposalForm(candidates=candidates),
        "proposals": group.co_proposals.select_related("jgz_organisation", "co_group"),
        "session_10": group.sessions.filter(number=KICKOFF_CZ_SESSION_NUMBER).first(),
    }
    return TemplateResponse(request, "records/pathway/group.html", context)


@require_POST
@member_required
@kiosk_locked
def invite_guest(request, pk: int):
    group = _cz_group(request, pk)
    form = GuestForm(request.POST, sessions=group.sessions.filter(number__in=GUEST_SESSION_NUMBERS))
    try:
        if not form.is_valid():
            raise RecordError([e for errors in form.errors.values() for e in errors], code="bad_guest")
        session = group.sessions.get(pk=form.cleaned_data["session"])
        pathway.invite_guest(
            session,
            organisation=form.cleaned_data["organisation"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            by=request.user,
        )
        messages.success(request, _("The JGZ nurse is invited."))
    except RecordError as error:
        report(request, error)
    return redirect("records:group_pathway", pk=group.pk)


@require_POST
@member_required
@kiosk_locked
def propose(request, pk: int):
    group = _cz_group(request, pk)
    candidates = pathway.co_candidates(group)
    form = ProposalForm(request.POST, candidates=candidates)
    try:
        if not form.is_valid():
            raise RecordError([e for errors in form.errors.values() for e in errors], code="bad_proposal")
        chosen = set(form.cleaned_data["agreeing"])
        agreeing = [client for client, _birth in candidates if client.pk in chosen]
        proposal = pathway.propose_co_group(
            group, jgz_organisation=form.cleaned_data["organisation"], agreeing=agreeing, by=request.user
        )
        for client in agreeing:
            log_access(
                request, client, AccessLog.Action.EXPORT, detail=f"proposed for CO (proposal {proposal.pk})"
            )
        messages.success(
            request, _("The CO group is proposed to %(org)s.") % {"org": proposal.jgz_organisation}
        )
    except RecordError as error:
        report(request, error)
    return redirect("records:group_pathway", pk=group.pk)


@member_required
@kiosk_locked
def proposal_list(request):
    require_coordinator(request)
    proposals = access.incoming_proposals_for_user(request.user, request.membership.organisation)
    return TemplateResponse(
        request, "records/pathway/proposals.html", {"section": "groups", "proposals": proposals}
    )


@member_required
@kiosk_locked
def proposal_detail(request, pk: int):
    require_coordinator(request)
    organisation = request.membership.organisation
    proposal = access.get_incoming_proposal_for_user(request.user, pk, organisation)
    members = proposal.members.filter(agrees=True).select_related(
        "cz_client", "cz_client__birth", "co_client"
    )
    form = FormGroupForm(
        request.POST or None,
        organisation=organisation,
        initial={"name": _("CO %(group)s") % {"group": proposal.cz_group.name}},
    )
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise RecordError([e for errors in form.errors.values() for e in errors], code="bad_group")
            group = pathway.form_co_group(proposal, by=request.user, **form.cleaned_data)
            for member in proposal.members.filter(co_client__isnull=False).select_related("co_client"):
                log_access(
                    request, member.co_client, AccessLog.Action.CREATE, detail=f"CO proposal {proposal.pk}"
                )
            messages.success(request, _("The CO group %(name)s is formed.") % {"name": group.name})
            return redirect("records:proposal_detail", pk=proposal.pk)
        except RecordError as error:
            report(request, error)
    shown = ",".join(str(member.cz_client_id) for member in members) or "none"
    log_access(
        request,
        None,
        AccessLog.Action.SEARCH,
        detail=f"CO proposal {proposal.pk}: clients {shown}",
        organisation=proposal.cz_group.organisation,  # the mothers' own organisation keeps the record
    )
    cz10 = proposal.cz_group.sessions.filter(number=KICKOFF_CZ_SESSION_NUMBER).first()
    context = {
        "section": "groups",
        "proposal": proposal,
        # Names and birth dates only: what the mothers agreed to pass on.
        "members": members,
        "form": form,
        "kickoff_form": KickoffForm(organisation=organisation),
        "session_10": cz10,
        "kickoff": getattr(cz10, "co_kickoff", None) if cz10 else None,
    }
    return TemplateResponse(request, "records/pathway/proposal.html", context)


@require_POST
@member_required
@kiosk_locked
def proposal_decline(request, pk: int):
    require_coordinator(request)
    proposal = access.get_incoming_proposal_for_user(request.user, pk, request.membership.organisation)
    try:
        pathway.decline_co_proposal(proposal, by=request.user)
    except RecordError as error:
        report(request, error)
    return redirect("records:proposals")


@require_POST
@member_required
@kiosk_locked
def proposal_kickoff(request, pk: int):
    require_coordinator(request)
    organisation = request.membership.organisation
    proposal = access.get_incoming_proposal_for_user(request.user, pk, organisation)
    form = KickoffForm(request.POST, organisation=organisation)
    try:
        if not form.is_valid():
            raise RecordError(_("Choose a room."), code="bad_room")
        pathway.schedule_kickoff(proposal, room=form.cleaned_data["room"], by=request.user)
        messages.success(request, _("CZ session 10 is now also the first CO session."))
    except RecordError as error:
        report(request, error)
    return redirect("records:proposal_detail", pk=proposal.pk)
