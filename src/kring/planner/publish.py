"""Publishing a run's plan: groups, sessions and enrolments in the database as a new numbered
version with its change list, and an outbox of invitations and change notices.

Everything happens in one transaction. The organisation's row is locked first, so two
publishes of one organisation run one after the other; the second finds a newer version than
the one its plan was based on and stops with `PublishConflict`. Sessions are written through
`kring.care.scheduling`, whose row locks and (on PostgreSQL) exclusion constraint refuse any
double booking of a room or a person; such a refusal undoes the whole publish.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kring.calendars.feeds import bump_sequences
from kring.care.enrolment import EnrolmentError, enrol_client, leave_group
from kring.care.models import Client, Enrolment, Group, Programme, Session
from kring.care.scheduling import SessionConflict, move_session, schedule_session
from kring.organisations.models import Daypart, Location, Organisation, Person, Room
from kring.planner.adjust import plan_interpreter_conflicts
from kring.planner.instance_builder import db_pk
from kring.planner.models import PlanningRun, PlanVersion
from kring.planner.naming import new_group_name
from kring.planner.outbox import queue_messages
from kring.planner.review import changes_against_published
from kring.planner.rule_text import violation_texts
from kring.planning.model import Instance, Plan, PlanGroup, read_instance, read_plan
from kring.planning.rules import violations_for


class PublishConflict(Exception):
    """The plan cannot be published as it is; the message says why and what to do."""

    def __init__(self, message, problems: list[str] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.problems = problems or []


STALE = gettext_lazy(
    "Another coordinator published a plan after this one was made. Plan again from the current groups."
)


BUSY = gettext_lazy("Someone else is saving bookings at this moment; publish again in a moment.")


def publish_run(run: PlanningRun, user) -> PlanVersion:
    """Publish `run` as the organisation's next version, or raise `PublishConflict` (nothing written).

    Everything that only reads (the rule check, names, the change list) happens before the
    write transaction, so the write lock (all of SQLite) is held only for the writes themselves."""
    run = PlanningRun.objects.get(pk=run.pk)
    _check_publishable(run, latest_version_number(run.organisation))
    instance, plan = read_instance(run.instance), read_plan(run.plan)
    names = plan_names(run.organisation, instance, plan)
    problems = violations_for(instance, plan.groups, plan.unplaced)
    problems += tuple(plan_interpreter_conflicts(run.organisation, instance, plan))  # issue 13
    if problems:
        raise PublishConflict(
            _("The plan breaks rules; solve these conflicts first."), violation_texts(problems[:20], names)
        )
    changes = [c.as_dict() for c in changes_against_published(instance, plan, names)]
    try:
        return _publish(run, user, instance, plan, changes, names)
    except OperationalError as error:  # a deadlock or lock timeout the database resolved by refusing us
        raise PublishConflict(BUSY) from error


def latest_version_number(organisation: Organisation) -> int:
    latest = PlanVersion.objects.filter(organisation=organisation).order_by("-number").first()
    return latest.number if latest else 0


def _check_publishable(run: PlanningRun, latest: int) -> None:
    if run.published_version_id is not None:
        raise PublishConflict(_("This plan has already been published."))
    if run.plan is None or run.status not in (PlanningRun.Status.DONE, PlanningRun.Status.CANCELLED):
        raise PublishConflict(_("This run has no plan to publish."))
    if latest != run.base_version:
        raise PublishConflict(STALE)


@transaction.atomic
def _publish(
    run: PlanningRun, user, instance: Instance, plan: Plan, changes: list[dict], names: dict[str, str]
) -> PlanVersion:
    # NO KEY UPDATE: publishes of one organisation queue here, while rows that merely refer to it
    # (a new client, a booking) can still be written.
    organisation = Organisation.objects.select_for_update(no_key=True).get(pk=run.organisation_id)
    run = PlanningRun.objects.select_for_update().get(pk=run.pk)
    latest = latest_version_number(organisation)
    _check_publishable(run, latest)  # again, under the lock: another publish may just have finished
    version = PlanVersion.objects.create(
        organisation=organisation, number=latest + 1, run=run, published_by=user, changes=changes
    )
    _lock_resources(organisation, plan)
    try:
        touched = _apply(organisation, instance, plan, names)
    except (SessionConflict, EnrolmentError) as error:
        raise PublishConflict(
            _("The database refused a booking: %(problem)s") % {"problem": "; ".join(error.messages)},
            list(error.messages),
        ) from error
    run.published_version = version
    run.save(update_fields=["published_version"])
    queue_messages(version, touched)
    return version


def _lock_resources(organisation: Organisation, plan: Plan) -> None:
    """Lock every room and person the plan books before writing anything, in the order
    `kring.care.scheduling` locks them (rooms, then people, each by id). A booking made at the
    same moment then waits for the publish (or the publish for it) and never deadlocks with it."""
    rooms = sorted({db_pk(s.room) for g in plan.groups for s in g.sessions})
    people = sorted({db_pk(x) for g in plan.groups for s in g.sessions for x in (s.lead, s.co)})
    list(
        Room.objects.select_for_update(of=("self",))
        .filter(pk__in=rooms, location__organisation=organisation)
        .order_by("pk")
    )
    list(Person.objects.select_for_update().filter(pk__in=people, organisation=organisation).order_by("pk"))


def names_for(organisation: Organisation, instance: Instance) -> dict[str, str]:
    """Display names for the exchange ids of an instance (clients by their name in the database)."""
    names: dict[str, str] = {}
    for person in Person.objects.filter(organisation=organisation):
        names[f"F{person.pk}"] = str(person)
    for room in Room.objects.filter(location__organisation=organisation):
        names[f"R{room.pk}"] = room.name
    for location in Location.objects.filter(organisation=organisation):
        names[f"L{location.pk}"] = location.name
    for group in Group.objects.filter(
        organisation=organisation, pk__in=[db_pk(p.id) for p in instance.published]
    ):
        names[f"G{group.pk}"] = group.name
    wanted = [db_pk(c.id) for c in instance.clients]
    for pk, given, called, family in Client.objects.filter(
        organisation=organisation, pk__in=wanted
    ).values_list("pk", "given_name", "called_name", "family_name"):
        names[f"C{pk}"] = f"{called or given} {family}".strip()
    return names


def plan_names(organisation: Organisation, instance: Instance, plan: Plan) -> dict[str, str]:
    """`names_for` plus the plan's new groups, by the name publishing gives them
    ("CZ dinsdagavond · Centrum · 01-2027"); a second group with the same name gets " (2)"."""
    names = names_for(organisation, instance)
    dayparts = dict(Daypart.objects.filter(organisation=organisation).values_list("code", "name"))
    taken = set(names.values())
    for g in plan.groups:
        if g.id in names:
            continue
        name = new_group_name(
            g.programme,
            g.weekday,
            dayparts.get(g.daypart, g.daypart),
            names.get(g.location, g.location),
            g.sessions[0].date,
        )
        count, unique = 1, name
        while unique in taken:
            count += 1
            unique = f"{name} ({count})"
        names[g.id] = unique
        taken.add(unique)
    return names


def _apply(
    organisation: Organisation, instance: Instance, plan: Plan, names: dict[str, str]
) -> dict[str, dict]:
    """Write the plan; returns per group pk what happened to whom (for the outbox)."""
    today = timezone.localdate()
    published = {p.id: p for p in instance.published}
    planned = {g.id for g in plan.groups}
    touched: dict[str, dict] = {"invite": {}, "change": {}, "cancel": {}}
    for gid in published:
        if gid in planned:
            continue
        group = Group.objects.select_for_update().get(pk=db_pk(gid), organisation=organisation)
        group.status = Group.Status.CANCELLED
        group.save(update_fields=["status"])
        coming = group.sessions.filter(date__gte=instance.plan_start)
        bump_sequences(coming.values_list("pk", flat=True))
        coming.update(status=Session.Status.CANCELLED)
        touched["cancel"][group.pk] = list(group.active_enrolments().values_list("client_id", flat=True))
    # Free every session that moves first, so two sessions may swap places.
    moves: list[tuple[Session, dict]] = []
    for g in plan.groups:
        if g.id not in published:
            continue
        group = Group.objects.select_for_update().get(pk=db_pk(g.id), organisation=organisation)
        current = {s.number: s for s in group.sessions.exclude(status=Session.Status.CANCELLED)}
        for s in g.sessions:
            row = current.get(s.number)
            if row is None or s.date < instance.plan_start:
                continue
            wanted = {"date": s.date, "room": db_pk(s.room), "lead": db_pk(s.lead), "co": db_pk(s.co)}
            if (row.date, row.room_id, row.lead_id, row.co_id) != tuple(wanted.values()):
                moves.append((row, wanted))
    Session.objects.filter(pk__in=[row.pk for row, _w in moves]).update(status=Session.Status.CANCELLED)
    bump_sequences(row.pk for row, _w in moves)  # before the notices are written: they carry it
    for row, wanted in moves:
        move_session(
            row,
            date=wanted["date"],
            room=Room.objects.get(pk=wanted["room"]),
            lead=Person.objects.get(pk=wanted["lead"]),
            co=Person.objects.get(pk=wanted["co"]),
        )
        Session.objects.filter(pk=row.pk).update(status=Session.Status.PLANNED)
        members = Enrolment.objects.filter(group_id=row.group_id, status=Enrolment.Status.ACTIVE)
        for client_id in members.values_list("client_id", flat=True):
            touched["change"].setdefault(row.group_id, {}).setdefault(client_id, []).append(row.pk)
    # Members leave before anyone joins, so a client can move from one group to another.
    for g in plan.groups:
        p = published.get(g.id)
        if p is None:
            continue
        for cid in p.members:
            if cid not in g.members and instance.has_client(cid):
                enrolment = Enrolment.objects.filter(
                    group_id=db_pk(g.id), client_id=db_pk(cid), status=Enrolment.Status.ACTIVE
                ).first()
                if enrolment is not None:
                    leave_group(
                        enrolment,
                        left_on=today,
                        status=Enrolment.Status.MOVED,
                        reason=str(_("moved by the planner")),
                    )
    for g in plan.groups:
        if g.id in published:
            group = Group.objects.get(pk=db_pk(g.id))
            for cid in g.members:
                if cid not in published[g.id].members:
                    enrol_client(
                        Client.objects.get(pk=db_pk(cid), organisation=organisation), group, joined_on=today
                    )
                    touched["invite"].setdefault(group.pk, []).append(db_pk(cid))
        else:
            group = _create_group(organisation, g, names[g.id])
            for cid in g.members:
                enrol_client(
                    Client.objects.get(pk=db_pk(cid), organisation=organisation), group, joined_on=today
                )
            touched["invite"][group.pk] = [db_pk(cid) for cid in g.members]
    return touched


def _create_group(organisation: Organisation, g: PlanGroup, name: str) -> Group:
    location = Location.objects.get(pk=db_pk(g.location), organisation=organisation)
    daypart = Daypart.objects.get(organisation=organisation, code=g.daypart)
    group = Group(
        organisation=organisation,
        programme=Programme.objects.get(organisation=organisation, code=g.programme),
        name=name[:200],
        location=location,
        language=g.language,
        weekday=g.weekday,
        daypart=daypart,
        lead=Person.objects.get(pk=db_pk(g.lead), organisation=organisation),
        co=Person.objects.get(pk=db_pk(g.co), organisation=organisation),
        status=Group.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    try:
        group.full_clean()
    except ValidationError as error:
        raise PublishConflict(
            _("A new group is not valid: %(problem)s") % {"problem": "; ".join(error.messages)}
        ) from error
    group.save()
    for s in g.sessions:
        schedule_session(
            group,
            number=s.number,
            date=s.date,
            room=Room.objects.get(pk=db_pk(s.room)),
            lead=Person.objects.get(pk=db_pk(s.lead)),
            co=Person.objects.get(pk=db_pk(s.co)),
        )
    return group


def first_session_date(group: Group) -> dt.date | None:
    session = group.sessions.exclude(status=Session.Status.CANCELLED).order_by("number").first()
    return session.date if session else None


def message_counts(instance: Instance, plan: Plan) -> dict[str, int]:
    """How many messages publishing `plan` queues, by kind, as `_apply` and the outbox decide:
    an invitation for every new member, a change notice for every member of a published group
    whose coming sessions move, a cancellation for every member of a cancelled group."""
    published = {p.id: p for p in instance.published}
    planned = {g.id: g for g in plan.groups}
    counts = {"invite": 0, "change": 0, "cancel": 0}
    for gid, p in published.items():
        if gid not in planned:
            counts["cancel"] += len(p.members)
    for g in plan.groups:
        p = published.get(g.id)
        if p is None:
            counts["invite"] += len(g.members)
            continue
        counts["invite"] += len(set(g.members) - set(p.members))
        old = {s.number: s for s in p.sessions}
        moved = any(
            (o := old.get(s.number)) is not None
            and s.date >= instance.plan_start
            and (o.date, o.room, o.lead, o.co) != (s.date, s.room, s.lead, s.co)
            for s in g.sessions
        )
        if moved:
            counts["change"] += len(p.members)
    return counts


def publisher_name(version: PlanVersion) -> str:
    """The person who published, by name (her login only when she has no person record)."""
    user = version.published_by
    if user is None:
        return ""
    person = Person.objects.filter(organisation_id=version.organisation_id, user=user).first()
    if person is not None:
        return str(person)
    return user.get_full_name() or user.email or user.get_username()
