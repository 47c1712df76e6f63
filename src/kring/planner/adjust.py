"""Hand edits to a run's plan, checked by the planner's own rules before they are saved.

Each edit returns a new plan (re-priced with rules.py); `new_conflicts` lists the broken rules
the edit brings that the plan did not have before. Pins record what the coordinator fixed;
re-planning (`replan_instance`, `reprice`) keeps them and changes as little as possible.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from kring.care.instance import database_pk
from kring.care.interpreters import interpreter_problem
from kring.organisations.models import Person
from kring.planner.models import Pin, PlanningRun
from kring.planning.model import (
    Instance,
    Plan,
    PlanGroup,
    PublishedGroup,
    PublishedSession,
    make_session,
    plan_to_json,
    read_instance,
    read_plan,
)
from kring.planning.rules import Violation, violations_for


class EditError(ValueError):
    """The edit names something that is not in the plan."""


class StaleEdit(Exception):
    """Someone else saved a change to this plan (or published it) since it was shown."""


@dataclass(frozen=True)
class MoveSession:
    group: str
    number: int
    date: dt.date
    room: str
    # Another time of day: a group meets at one daypart (SPEC rule 2), so all its sessions move.
    daypart: str | None = None


@dataclass(frozen=True)
class SetFacilitators:
    group: str
    number: int | None  # None: the group's main lead and co, and every future session they ran
    lead: str
    co: str


@dataclass(frozen=True)
class MoveClient:
    client: str
    to_group: str | None  # None: take her out (unplaced)


Edit = MoveSession | SetFacilitators | MoveClient


def load(run: PlanningRun) -> tuple[Instance, Plan]:
    return read_instance(run.instance), read_plan(run.plan)


def _group(plan: Plan, gid: str) -> PlanGroup:
    for group in plan.groups:
        if group.id == gid:
            return group
    raise EditError(gid)


def finish(instance: Instance, groups: Sequence[PlanGroup], *, explain: bool = True) -> Plan:
    from kring.planning.cpsat.solve import finish_plan

    return finish_plan(
        instance,
        tuple(groups),
        status="feasible",
        lower_bound=None,
        started=time.perf_counter(),
        explain=explain,
    )


def apply_edit(instance: Instance, plan: Plan, edit: Edit) -> Plan:
    groups = list(plan.groups)
    if isinstance(edit, MoveSession):
        group = _group(plan, edit.group)
        if edit.room not in {r.id for r in instance.rooms}:
            raise EditError(edit.room)
        daypart = edit.daypart or group.daypart
        if daypart not in {d.id for d in instance.dayparts}:
            raise EditError(daypart)
        sessions = []
        for s in group.sessions:
            if s.number == edit.number:
                s = make_session(instance, daypart, s.number, edit.date, edit.room, s.lead, s.co)
            elif daypart != group.daypart and s.date >= instance.plan_start:
                s = make_session(instance, daypart, s.number, s.date, s.room, s.lead, s.co)
            sessions.append(s)
        if not any(s.number == edit.number for s in group.sessions):
            raise EditError(f"{edit.group}#{edit.number}")
        new = dataclasses.replace(group, daypart=daypart, sessions=tuple(sessions))
        groups[groups.index(group)] = new
    elif isinstance(edit, SetFacilitators):
        group = _group(plan, edit.group)
        known = {f.id for f in instance.facilitators}
        if edit.lead not in known or edit.co not in known:
            raise EditError(f"{edit.lead}/{edit.co}")
        sessions = []
        for s in group.sessions:
            future = s.date >= instance.plan_start
            if edit.number == s.number or (
                edit.number is None and future and (s.lead, s.co) == (group.lead, group.co)
            ):
                s = dataclasses.replace(s, lead=edit.lead, co=edit.co)
            sessions.append(s)
        new = dataclasses.replace(group, sessions=tuple(sessions))
        if edit.number is None:
            new = dataclasses.replace(new, lead=edit.lead, co=edit.co)
        groups[groups.index(group)] = new
    elif isinstance(edit, MoveClient):
        if not instance.has_client(edit.client):
            raise EditError(edit.client)
        if edit.to_group is not None:
            _group(plan, edit.to_group)
        groups = [
            dataclasses.replace(
                g,
                members=tuple(m for m in g.members if m != edit.client)
                + ((edit.client,) if g.id == edit.to_group else ()),
            )
            for g in groups
        ]
    return finish(instance, groups)


def _people(organisation, ids) -> dict[str, Person]:
    pks = [database_pk(i) for i in ids]
    rows = Person.objects.filter(organisation=organisation, pk__in=pks).prefetch_related("trainings")
    return {f"F{p.pk}": p for p in rows}


def interpreter_conflicts(organisation, instance: Instance, after: Plan, edit: Edit) -> list[Violation]:
    """Rule 11 as the seeds mean it, for a hand-picked lead and co: when the lead does not speak
    the group's language, the co interprets and must speak it and be Centering-trained for the
    programme (kring.care.interpreters). Read from the database, so a run planned before a
    training was entered (or removed) is judged on today's facts. Shown with the other
    conflicts: nothing is saved unless the coordinator accepts them."""
    if not isinstance(edit, SetFacilitators):
        return []
    group = _group(after, edit.group)
    people = _people(organisation, [edit.lead, edit.co])
    lead, co = people.get(edit.lead), people.get(edit.co)
    if lead is None or co is None:
        return []
    dates = [
        s.date
        for s in group.sessions
        if (s.number == edit.number if edit.number is not None else s.date >= instance.plan_start)
    ]
    on = min(dates, default=instance.plan_start)
    problem = interpreter_problem(lead, co, group.language, group.programme, on)
    if problem is None:
        return []
    return [Violation(11, "interpreter", problem, group=group.id, session=edit.number, facilitator=edit.co)]


def plan_interpreter_conflicts(organisation, instance: Instance, plan: Plan) -> list[Violation]:
    """The same check over every future session of the plan, once per group and pair: publishing
    refuses a plan whose accepted conflicts include an untrained or non-speaking interpreter."""
    future = [(g, s) for g in plan.groups for s in g.sessions if s.date >= instance.plan_start]
    people = _people(organisation, {i for _g, s in future for i in (s.lead, s.co)})
    found: dict[tuple[str, str, str], Violation] = {}
    for group, s in future:
        lead, co = people.get(s.lead), people.get(s.co)
        if lead is None or co is None or (group.id, s.lead, s.co) in found:
            continue
        if problem := interpreter_problem(lead, co, group.language, group.programme, s.date):
            found[(group.id, s.lead, s.co)] = Violation(
                11, "interpreter", problem, group=group.id, session=s.number, facilitator=s.co
            )
    return list(found.values())


def _key(v: Violation) -> tuple:
    return (v.rule, v.code, v.message)


def conflicts(instance: Instance, plan: Plan) -> tuple[Violation, ...]:
    return violations_for(instance, plan.groups, plan.unplaced)


def new_conflicts(instance: Instance, before: Plan, after: Plan) -> list[Violation]:
    """Broken rules in `after` that `before` did not have."""
    old = {_key(v) for v in conflicts(instance, before)}
    return [v for v in conflicts(instance, after) if _key(v) not in old]


@transaction.atomic
def save_edit(run_pk: int, edit: Edit, *, revision: int, pin: bool) -> Plan:
    """Apply `edit` to the run's plan as the coordinator saw it (`revision`) and keep it.

    The run's row is locked, so two coordinators saving at once are taken one after the other;
    the second one's revision is then out of date and she gets `StaleEdit` instead of silently
    undoing the first one's change.
    """
    run = PlanningRun.objects.select_for_update().get(pk=run_pk)
    if run.revision != revision or run.published_version_id is not None:
        raise StaleEdit
    instance, plan = load(run)
    after = apply_edit(instance, plan, edit)
    run.plan = plan_to_json(after)
    run.penalty = after.penalty
    run.revision += 1
    run.save(update_fields=["plan", "penalty", "revision"])
    if pin:
        pin_edit(run, edit)
    return after


# ---------------------------------------------------------------- pins


def pin_edit(run: PlanningRun, edit: Edit) -> Pin:
    if isinstance(edit, MoveSession):
        return Pin.objects.create(
            run=run,
            kind=Pin.Kind.SESSION,
            group=edit.group,
            session=edit.number,
            value={"date": edit.date.isoformat(), "room": edit.room, "daypart": edit.daypart},
        )
    if isinstance(edit, SetFacilitators):
        return Pin.objects.create(
            run=run,
            kind=Pin.Kind.FACILITATORS,
            group=edit.group,
            session=edit.number,
            value={"lead": edit.lead, "co": edit.co},
        )
    return Pin.objects.create(run=run, kind=Pin.Kind.MEMBER, group=edit.to_group or "", client=edit.client)


def pins_of(run: PlanningRun) -> list[Pin]:
    return list(run.pins.all())


def copy_pins(source: PlanningRun, target: PlanningRun) -> None:
    Pin.objects.bulk_create(
        Pin(run=target, kind=p.kind, group=p.group, session=p.session, client=p.client, value=p.value)
        for p in source.pins.all()
    )


def pin_edits(pins: Sequence[Pin]) -> list[Edit]:
    edits: list[Edit] = []
    for pin in pins:
        if pin.kind == Pin.Kind.SESSION:
            edits.append(
                MoveSession(
                    pin.group,
                    pin.session or 0,
                    dt.date.fromisoformat(pin.value["date"]),
                    pin.value["room"],
                    pin.value.get("daypart"),
                )
            )
        elif pin.kind == Pin.Kind.FACILITATORS:
            edits.append(SetFacilitators(pin.group, pin.session, pin.value["lead"], pin.value["co"]))
        elif pin.kind == Pin.Kind.MEMBER:
            edits.append(MoveClient(pin.client, pin.group or None))
    return edits


def pin_holds(plan: Plan, edit: Edit) -> bool:
    by_id = {g.id: g for g in plan.groups}
    if isinstance(edit, MoveSession):
        group = by_id.get(edit.group)
        return (
            group is not None
            and (edit.daypart is None or group.daypart == edit.daypart)
            and any(
                s.number == edit.number and s.date == edit.date and s.room == edit.room
                for s in group.sessions
            )
        )
    if isinstance(edit, SetFacilitators):
        group = by_id.get(edit.group)
        if group is None:
            return False
        if edit.number is None:
            return (group.lead, group.co) == (edit.lead, edit.co)
        return any(s.number == edit.number and (s.lead, s.co) == (edit.lead, edit.co) for s in group.sessions)
    member_of = next((g.id for g in plan.groups if edit.client in g.members), None)
    return member_of == edit.to_group


# ---------------------------------------------------------------- re-planning


def replan_instance(instance: Instance, current: Plan) -> Instance:
    """The instance with the current plan's new groups announced as if published: the optimiser
    then pays `published_change` for every field it changes, so it changes as little as it can."""
    published_ids = {p.id for p in instance.published}
    extra = tuple(
        PublishedGroup(
            id=g.id,
            programme=g.programme,
            location=g.location,
            language=g.language,
            weekday=g.weekday,
            daypart=g.daypart,
            lead=g.lead,
            co=g.co,
            members=g.members,
            sessions=tuple(PublishedSession(s.number, s.date, s.room, s.lead, s.co) for s in g.sessions),
        )
        for g in current.groups
        if g.id not in published_ids and g.members
    )
    return dataclasses.replace(instance, name=f"{instance.name}-replan", published=instance.published + extra)


PIN_TARGET_GONE = "pin_target_gone"  # the pinned group, session or client is not in the new plan


def unkept_entry(pin: Pin, violations: Sequence[tuple[int, str]]) -> dict:
    """What the run records about a pin it could not keep (JSON)."""
    return {
        "kind": pin.kind,
        "group": pin.group,
        "session": pin.session,
        "client": pin.client,
        "value": pin.value,
        "violations": [{"rule": rule, "code": code} for rule, code in violations],
    }


def reprice(
    instance: Instance, plan: Plan, current: Plan, pins: Sequence[Pin], *, unkept: list[dict] | None = None
) -> Plan:
    """A re-planned plan priced against the real instance, with every pin put back that the
    solver moved, where putting it back breaks no rule. Each pin that could not be put back is
    appended to `unkept` (see `unkept_entry`) with the rules it would have broken."""
    result = finish(instance, plan.groups)
    for pin, edit in ((p, e) for p in pins for e in pin_edits([p])):
        if pin_holds(result, edit):
            continue
        try:
            candidate = apply_edit(instance, result, edit)
        except EditError:
            if unkept is not None:
                unkept.append(unkept_entry(pin, [(0, PIN_TARGET_GONE)]))
            continue
        broken = new_conflicts(instance, result, candidate)
        if not broken:
            result = candidate
        elif unkept is not None:
            unkept.append(unkept_entry(pin, sorted({(v.rule, v.code) for v in broken})))
    return result
