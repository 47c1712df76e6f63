"""The CZ→CO pathway across two organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from kring.care.interpreters import interpreter_problem
from kring.care.models import Client, Enrolment, Group, Programme, Session
from kring.care.scheduling import move_session, schedule_session
from kring.organisations.models import Daypart, Location, Organisation, Person, ProgrammeCode, Room
from kring.records.errors import RecordError
from kring.records.models import Birth, CoProposal, CoProposalMember, GuestInvitation, SessionLink
from kring.records.models.pathway import GUEST_SESSION_NUMBERS, KICKOFF_CZ_SESSION_NUMBER


def _require_cz(group: Group) -> None:
    if group.programme.code != ProgrammeCode.CZ:
        raise RecordError(_("This is only possible for a CZ group."), code="not_cz")


@transaction.atomic
def invite_guest(
    session: Session, *, organisation: Organisation, name: str, email: str = "", by
) -> GuestInvitation:
    """Invite the JGZ nurse to CZ session 8 or 9 to meet the group before the babies come."""
    _require_cz(session.group)
    if session.number not in GUEST_SESSION_NUMBERS:
        raise RecordError(_("The JGZ nurse is invited to session 8 or 9."), code="wrong_session")
    if organisation.kind != Organisation.Kind.JGZ:
        raise RecordError(_("Choose a youth health care (JGZ) organisation."), code="not_jgz")
    name = (name or "").strip()
    if not name:
        raise RecordError(_("Give the guest's name."), code="name_required")
    return GuestInvitation.objects.create(
        session=session,
        guest_organisation=organisation,
        guest_name=name[:200],
        guest_email=email,
        invited_by=by,
    )


def co_candidates(cz_group: Group) -> list[tuple[Client, Birth | None]]:
    """The CZ group's members (active or completed) with their birth, if registered."""
    members = (
        Client.objects.filter(
            enrolments__group=cz_group,
            enrolments__status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED],
        )
        .select_related("birth")
        .distinct()
        .order_by("given_name", "family_name")
    )
    return [(client, getattr(client, "birth", None)) for client in members]


def ready_for_co(cz_group: Group) -> bool:
    """Kring proposes a CO group once every member's baby is born."""
    candidates = co_candidates(cz_group)
    return bool(candidates) and all(birth is not None for _client, birth in candidates)


@transaction.atomic
def propose_co_group(
    cz_group: Group, *, jgz_organisation: Organisation, agreeing: Iterable[Client], by
) -> CoProposal:
    """Propose the members who agree (and whose baby is born) to a JGZ organisation."""
    _require_cz(cz_group)
    if jgz_organisation.kind != Organisation.Kind.JGZ:
        raise RecordError(_("Choose a youth health care (JGZ) organisation."), code="not_jgz")
    if CoProposal.objects.filter(cz_group=cz_group, status=CoProposal.Status.PROPOSED).exists():
        raise RecordError(_("This group already has an open proposal."), code="open_proposal")
    candidates = dict(co_candidates(cz_group))
    chosen = {client.pk for client in agreeing}
    by_pk = {client.pk: client for client in candidates}
    if not chosen:
        raise RecordError(_("Choose at least one member who agrees."), code="nobody_agrees")
    if chosen - set(by_pk):
        raise RecordError(_("Only members of this group can be proposed."), code="not_a_member")
    if any(candidates[by_pk[pk]] is None for pk in chosen):
        raise RecordError(_("Register the birth first for every member you propose."), code="birth_missing")
    proposal = CoProposal.objects.create(cz_group=cz_group, jgz_organisation=jgz_organisation, proposed_by=by)
    CoProposalMember.objects.bulk_create(
        [
            CoProposalMember(proposal=proposal, cz_client=client, agrees=client.pk in chosen)
            for client in by_pk.values()
            if candidates[client] is not None
        ]
    )
    return proposal


@transaction.atomic
def form_co_group(
    proposal: CoProposal,
    *,
    name: str,
    location: Location,
    daypart: Daypart,
    weekday: str,
    lead: Person,
    co: Person,
    by,
) -> Group:
    """The JGZ organisation accepts: its own CO client records (linked to the CZ records) and a
    CO group; the CZ group's `follow_up` points at it."""
    proposal = CoProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != CoProposal.Status.PROPOSED:
        raise RecordError(_("This proposal has already been decided."), code="decided")
    jgz = proposal.jgz_organisation
    programme = Programme.objects.filter(organisation=jgz, code=ProgrammeCode.CO).first()
    if programme is None:
        raise RecordError(_("Set up the CO programme for this organisation first."), code="no_co_programme")
    today = timezone.localdate()
    group = Group(
        organisation=jgz,
        programme=programme,
        name=(name or "").strip()[:200],
        location=location,
        daypart=daypart,
        weekday=weekday,
        lead=lead,
        co=co,
        language=proposal.cz_group.language,
    )
    if problem := interpreter_problem(lead, co, group.language, programme.code, today):
        raise RecordError(problem, code="interpreter")
    try:
        group.full_clean()
    except ValidationError as error:
        raise RecordError(error.message_dict, code="invalid_group") from error
    group.save()
    for member in proposal.members.filter(agrees=True).select_related("cz_client", "cz_client__birth"):
        mother = member.cz_client
        co_client = Client(
            organisation=jgz,
            programme=programme,
            given_name=mother.given_name,
            family_name=mother.family_name,
            called_name=mother.called_name,
            languages=mother.languages,
            email=mother.email,
            phone=mother.phone,
            postcode=mother.postcode,
            baby_birth_date=mother.birth.born_on,
            parent_client=mother,
            consent_given_at=timezone.now(),
            consent_scope=Client.ConsentScope.CARE,
        )
        try:
            co_client.full_clean()
        except ValidationError as error:
            raise RecordError(error.message_dict, code="invalid_client") from error
        co_client.save()
        Enrolment.objects.create(client=co_client, group=group, joined_on=today)
        member.co_client = co_client
        member.save(update_fields=["co_client"])
    proposal.status = CoProposal.Status.ACCEPTED
    proposal.co_group = group
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "co_group", "decided_by", "decided_at"])
    Group.objects.filter(pk=proposal.cz_group_id).update(follow_up=group)
    return group


@transaction.atomic
def decline_co_proposal(proposal: CoProposal, *, by) -> CoProposal:
    proposal = CoProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != CoProposal.Status.PROPOSED:
        raise RecordError(_("This proposal has already been decided."), code="decided")
    proposal.status = CoProposal.Status.DECLINED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


@transaction.atomic
def link_kickoff_session(cz_session: Session, co_session: Session, *, by) -> SessionLink:
    """Make CZ session 10 the CO group's first session: linked in both groups.

    The CO session belongs to the JGZ organisation (its room, its facilitators) and is held at
    the same time; each organisation keeps its own record of it.
    """
    cz_group = Group.objects.select_related("programme").get(pk=cz_session.group_id)  # fresh follow_up
    _require_cz(cz_group)
    if cz_session.number != KICKOFF_CZ_SESSION_NUMBER:
        raise RecordError(_("Only CZ session 10 can be the CO kick-off."), code="wrong_session")
    if cz_group.follow_up_id is None or co_session.group_id != cz_group.follow_up_id:
        raise RecordError(
            _("The CO session must belong to this group's follow-up CO group."), code="wrong_group"
        )
    if co_session.number != 1:
        raise RecordError(_("Only the first CO session can be the kick-off."), code="wrong_session")
    if co_session.starts_at != cz_session.starts_at:
        raise RecordError(_("Both sessions must start at the same time."), code="different_time")
    if SessionLink.objects.filter(cz_session=cz_session).exists():
        raise RecordError(_("This session is already linked."), code="already_linked")
    return SessionLink.objects.create(cz_session=cz_session, co_session=co_session, linked_by=by)


@transaction.atomic
def schedule_kickoff(proposal: CoProposal, *, room: Room, by) -> SessionLink:
    """The JGZ organisation holds its first CO session together with CZ session 10: same day
    and time, in its own room, then both sessions are linked."""
    if proposal.status != CoProposal.Status.ACCEPTED or proposal.co_group is None:
        raise RecordError(_("Form the CO group first."), code="no_co_group")
    co_group = proposal.co_group
    if room.location.organisation_id != co_group.organisation_id:
        raise RecordError(_("This room belongs to another organisation."), code="wrong_room")
    cz10 = proposal.cz_group.sessions.filter(number=KICKOFF_CZ_SESSION_NUMBER).first()
    if cz10 is None:
        raise RecordError(_("The CZ group has no session 10 yet."), code="no_session_10")
    start, end = timezone.localtime(cz10.starts_at), timezone.localtime(cz10.ends_at)
    daypart = Daypart.objects.filter(
        organisation=co_group.organisation, start=start.time(), end=end.time()
    ).first()
    if daypart is None:
        raise RecordError(
            _("Add a daypart from %(start)s to %(end)s first, the time of CZ session 10."),
            code="no_daypart",
            params={"start": time_format(start.time(), "H:i"), "end": time_format(end.time(), "H:i")},
        )
    existing = co_group.sessions.filter(number=1).first()
    try:
        if existing is None:
            co1 = schedule_session(co_group, number=1, date=cz10.date, room=room, daypart=daypart)
        else:
            co1 = move_session(existing, date=cz10.date, room=room, daypart=daypart)
    except ValidationError as error:
        raise RecordError(error.messages, code="session_conflict") from error
    return link_kickoff_session(cz10, co1, by=by)


def groups_ready_for_co(groups):
    """CZ groups (of a queryset) whose babies are all born and that have no CO group or
    proposal yet: Kring proposes a CO group for them."""
    counted = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]
    return (
        groups.filter(programme__code=ProgrammeCode.CZ, follow_up__isnull=True)
        .exclude(co_proposals__status__in=[CoProposal.Status.PROPOSED, CoProposal.Status.ACCEPTED])
        .annotate(
            member_count=Count("enrolments", filter=Q(enrolments__status__in=counted), distinct=True),
            born_count=Count(
                "enrolments",
                filter=Q(enrolments__status__in=counted, enrolments__client__birth__isnull=False),
                distinct=True,
            ),
        )
        .filter(member_count__gt=0, member_count=F("born_count"))
    )
