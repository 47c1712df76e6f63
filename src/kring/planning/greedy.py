"""The coordinator's baseline: fill groups first-fit in due-date order (SPEC section 5, `--method greedy`).

What a careful coordinator does by hand: keep the published groups (moving or substituting
an announced session only where it is no longer valid, cancelling a group nobody is left
in); then take the waiting clients by anchor date. Each client first joins a group that has
room and fits her; otherwise she starts a group at the first slot she accepts (her location
and daypart in her order, then weekday and language) with the first lead and co who can run
it, together with the following clients who fit that slot within `anchor_spread_days`.
A group that cannot reach its minimum or cannot be fully scheduled is not created.
"""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field, replace

from kring.planning import rules
from kring.planning.capacity import Occupancy
from kring.planning.explain import explain_unplaced
from kring.planning.model import (
    Client,
    ClientId,
    Facilitator,
    GroupId,
    Instance,
    Plan,
    PlanGroup,
    PlanSession,
    PublishedGroup,
    Unplaced,
    make_session,
)
from kring.planning.schedule import GroupRequest, Scheduler, sessions_still_valid
from kring.planning.slots import (
    Slot,
    StaffIndex,
    candidate_slots,
    client_fits_slot,
    facilitator_pairs,
    max_members_for_rooms,
    rooms_open_weekly,
    windows,
)


@dataclass
class _Group:
    request: GroupRequest
    members: list[ClientId]
    sessions: tuple[PlanSession, ...]
    published: bool
    joiners: list[ClientId] = field(default_factory=list)

    def to_plan(self) -> PlanGroup:
        slot = self.request.slot
        return PlanGroup(
            id=self.request.id,
            programme=slot.programme,
            location=slot.location,
            language=slot.language,
            weekday=slot.weekday,
            daypart=slot.daypart,
            lead=self.request.lead,
            co=self.request.co,
            members=tuple(self.members),
            sessions=self.sessions,
        )


class GreedyPlanner:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.occupancy = Occupancy(instance)
        self.staff = StaffIndex(instance)
        self.groups: list[_Group] = []
        self.placed: set[ClientId] = set()
        self.problems: list[str] = []
        self._pairs: dict[Slot, list[tuple[Facilitator, Facilitator]]] = {}
        self._taken_ids = {g.id for g in instance.published}
        self._next_id = 1

    # -- published groups

    def keep_published(self) -> None:
        inst = self.instance
        kept = []
        for group in inst.published:
            members = [m for m in group.members if inst.has_client(m)]
            if members:  # otherwise cancelled: nobody is left to meet
                kept.append((group, members, self._history(group)))
        # Every group's history counts toward weekly limits before any future session moves.
        for group, _, history in kept:
            for session in history:
                self.occupancy.book_session(group.daypart, session)
        for group, members, history in kept:
            repaired = self._repair(group, members, history)
            for session in history:
                self.occupancy.unbook_session(group.daypart, session)
            if isinstance(repaired, str):
                self.problems.append(repaired)
                continue
            self._add(repaired)

    def _history(self, group: PublishedGroup) -> tuple[PlanSession, ...]:
        inst = self.instance
        return tuple(
            make_session(inst, group.daypart, s.number, s.date, s.room, s.lead, s.co)
            for s in group.sessions
            if s.date < inst.plan_start
        )

    def _repair(
        self, group: PublishedGroup, members: list[ClientId], history: tuple[PlanSession, ...]
    ) -> _Group | str:
        """The group as published where still valid, moved or substituted where it must be; or
        why it cannot be kept."""
        inst = self.instance
        request = GroupRequest(
            id=group.id,
            slot=Slot(group.programme, group.location, group.weekday, group.daypart, group.language),
            lead=group.lead,
            co=group.co,
            anchors=tuple(inst.client(m).anchor_date for m in members),
            members=len(members),
            history=history,
            published={s.number: s for s in group.sessions if s.date >= inst.plan_start},
        )
        scheduler = Scheduler(inst, self.occupancy, self.staff)
        sessions = scheduler.schedule(request, history_booked=True)
        if sessions is None:
            if scheduler.blocked is None:
                return f"published group {group.id} cannot be kept valid (rule 12: max_concurrent_groups)"
            number, why = scheduler.blocked
            causes = ", ".join(cause for cause, _ in why.most_common())
            return (
                f"published group {group.id} cannot be kept valid: no date, room, lead and co fit "
                f"session {number} ({causes})"
            )
        return _Group(request, list(members), sessions, published=True)

    # -- waiting clients

    def place_waiting(self) -> None:
        inst = self.instance
        waiting = sorted((c for c in inst.clients if c.id not in self.placed), key=_anchor_order)
        self._by_programme: dict[str, list[Client]] = {}
        for client in waiting:
            self._by_programme.setdefault(client.programme, []).append(client)
        self._anchors = {p: [c.anchor_date for c in cs] for p, cs in self._by_programme.items()}
        for client in waiting:
            if client.id in self.placed:
                continue
            if not self._join(client):
                self._start_group(client)
        for client in waiting:  # groups started later may take an earlier client
            if client.id not in self.placed:
                self._join(client)

    def _join(self, client: Client) -> bool:
        options = [
            g
            for g in self.groups
            if g.request.slot.programme == client.programme and client_fits_slot(client, g.request.slot)
        ]
        options.sort(
            key=lambda g: (
                client.location_rank(g.request.slot.location),
                client.daypart_rank(g.request.slot.daypart),
            )
        )
        return any(self._try_join(group, client) for group in options)

    def _try_join(self, group: _Group, client: Client) -> bool:
        inst = self.instance
        programme = inst.programme(client.programme)
        if len(group.members) >= programme.group_size.max:
            return False
        anchors = (*group.request.anchors, client.anchor_date)
        if (max(anchors) - min(anchors)).days > programme.anchor_spread_days:
            return False
        join_session = next(s for s in group.sessions if s.number == programme.latest_join_session)
        if group.published and join_session.date < inst.plan_start:
            return False  # rule 7: a joiner needs that session still to come
        newcomers = [*group.joiners, client.id] if group.published else [*group.members, client.id]
        intake = _latest_intake(inst, newcomers)
        request = replace(
            group.request, anchors=anchors, members=len(group.members) + 1, join_not_before=intake
        )
        if sessions_still_valid(inst, self.occupancy, request, group.sessions):
            self._admit(group, client, request, group.sessions)
            return True
        if group.published:
            return False  # announced sessions are not moved to make room for a newcomer
        self._unbook(group)
        sessions = Scheduler(inst, self.occupancy, self.staff).schedule(request)
        if sessions is None:
            self._book(group)
            return False
        self._admit(group, client, request, sessions)
        self._book(group)
        return True

    def _admit(
        self, group: _Group, client: Client, request: GroupRequest, sessions: tuple[PlanSession, ...]
    ) -> None:
        group.sessions = sessions
        group.request = request
        group.members.append(client.id)
        if group.published:
            group.joiners.append(client.id)
        self.placed.add(client.id)

    def _start_group(self, seed: Client) -> bool:
        inst = self.instance
        programme = inst.programme(seed.programme)
        size = programme.group_size
        pool = self._pool(seed)
        spoken = Counter(lang for c in pool for lang in c.languages)
        languages = sorted(seed.languages, key=lambda lang: (-spoken[lang], lang))
        for slot in self._slots_by_turnout(seed, pool, languages):
            cap = min(size.max, max_members_for_rooms(inst, programme, rooms_open_weekly(inst, slot)))
            if cap < size.min:
                continue
            pairs = self._pairs_for(slot)
            if not pairs:
                continue
            members = self._members_for(seed, slot, pool, cap)
            if len(members) < size.min:
                continue
            if self._try_pairs(slot, pairs, members):
                return True
        return False

    def _slots_by_turnout(self, seed: Client, pool: list[Client], languages: list[str]) -> list[Slot]:
        """Her slots in her order of location and daypart; within those, the weekday and language
        that most waiting clients due with her accept come first (a coordinator asks around)."""
        slots = list(candidate_slots(self.instance, seed, languages))
        turnout = {slot: sum(1 for c in pool if client_fits_slot(c, slot)) for slot in slots}
        rank = {slot: i for i, slot in enumerate(slots)}
        return sorted(
            slots,
            key=lambda s: (
                seed.location_rank(s.location),
                seed.daypart_rank(s.daypart),
                -turnout[s],
                rank[s],
            ),
        )

    def _pool(self, seed: Client) -> list[Client]:
        """Waiting clients of her programme with anchors from hers to hers + spread, she first."""
        clients = self._by_programme[seed.programme]
        anchors = self._anchors[seed.programme]
        spread = self.instance.programme(seed.programme).anchor_spread_days
        lo = bisect.bisect_left(anchors, seed.anchor_date)
        hi = bisect.bisect_right(anchors, seed.anchor_date + dt.timedelta(days=spread))
        return [seed] + [c for c in clients[lo:hi] if c.id not in self.placed and c.id != seed.id]

    def _members_for(self, seed: Client, slot: Slot, pool: list[Client], cap: int) -> list[Client]:
        """Up to `cap` clients who fit `slot`, in anchor order, whose intake comes in time."""
        programme = self.instance.programme(slot.programme)
        members = [c for c in pool if client_fits_slot(c, slot)][:cap]
        fitting = [c for c in pool if client_fits_slot(c, slot)]
        for _ in range(3):  # dropping a late intake moves the windows a little; settle them
            if len(members) < programme.group_size.min:
                break
            join = windows(programme, [c.anchor_date for c in members])[programme.latest_join_session - 1]
            latest = join[3]
            keep = [c for c in fitting if c.available_from is None or c.available_from <= latest]
            if seed not in keep:
                return []
            new = keep[:cap]
            if new == members:
                break
            members = new
        return members

    def _pairs_for(self, slot: Slot) -> list[tuple[Facilitator, Facilitator]]:
        if slot not in self._pairs:
            self._pairs[slot] = facilitator_pairs(self.instance, slot)
        return self._pairs[slot]

    def _try_pairs(
        self, slot: Slot, pairs: list[tuple[Facilitator, Facilitator]], members: list[Client]
    ) -> bool:
        inst = self.instance
        programme = inst.programme(slot.programme)
        anchors = tuple(c.anchor_date for c in members)
        wins = windows(programme, anchors)
        shortest = (wins[0][3], wins[-1][2])  # every schedule runs at least from .. to
        request = GroupRequest(
            id=self._new_id(),
            slot=slot,
            lead="",
            co="",
            anchors=anchors,
            members=len(members),
            join_not_before=_latest_intake(inst, [c.id for c in members]),
        )
        for lead, co in pairs:
            if not all(self.occupancy.concurrency_ok(p.id, *shortest) for p in (lead, co)):
                continue
            attempt = replace(request, lead=lead.id, co=co.id)
            sessions = Scheduler(inst, self.occupancy, self.staff).schedule(attempt)
            if sessions is not None:
                self._next_id += 1
                self._add(_Group(attempt, [c.id for c in members], sessions, published=False))
                return True
        return False

    def _new_id(self) -> GroupId:
        while f"G{self._next_id:03d}" in self._taken_ids:
            self._next_id += 1
        return f"G{self._next_id:03d}"

    # -- bookkeeping

    def _add(self, group: _Group) -> None:
        self.groups.append(group)
        self._taken_ids.add(group.request.id)
        self.placed.update(group.members)
        self._book(group)

    def _book(self, group: _Group) -> None:
        self.occupancy.book_group(group.to_plan())

    def _unbook(self, group: _Group) -> None:
        self.occupancy.unbook_group(group.to_plan())


def _anchor_order(client: Client) -> tuple[dt.date, str]:
    return (client.anchor_date, client.id)


def _latest_intake(instance: Instance, clients: list[ClientId]) -> dt.date | None:
    dates = [d for d in (instance.client(c).available_from for c in clients) if d is not None]
    return max(dates, default=None)


def solve_greedy(instance: Instance, *, explain: bool = True) -> Plan:
    """A valid plan built the way a coordinator would by hand; deterministic.

    `explain=False` skips the reasons for unplaced clients (each gets one generic reason),
    for callers that only want the groups, such as a solver using the plan as a start.
    """
    started = time.perf_counter()
    planner = GreedyPlanner(instance)
    planner.keep_published()
    if planner.problems:
        return Plan(
            instance=instance.name,
            status="infeasible",
            penalty=0,
            penalty_breakdown={},
            lower_bound=None,
            solve_seconds=time.perf_counter() - started,
            groups=(),
            unplaced=(),
            problems=tuple(planner.problems),
        )
    planner.place_waiting()
    groups = tuple(g.to_plan() for g in planner.groups)
    left = [c.id for c in instance.clients if c.id not in planner.placed]
    reasons = explain_unplaced(instance, groups, left) if explain else {}
    unplaced = tuple(
        Unplaced(cid, tuple(r.text() for r in reasons.get(cid, ())) or (_FALLBACK,)) for cid in left
    )
    breakdown = rules.penalty_breakdown(instance, groups, left)
    return Plan(
        instance=instance.name,
        status="feasible",
        penalty=sum(breakdown.values()),
        penalty_breakdown=breakdown,
        lower_bound=None,
        solve_seconds=time.perf_counter() - started,
        groups=groups,
        unplaced=unplaced,
    )


_FALLBACK = "no group in this plan has room for her at a slot she accepts"
