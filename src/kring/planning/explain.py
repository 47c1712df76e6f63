"""Why a client is in no group, in terms a coordinator can act on.

The core returns `Reason`s: a stable `code` with parameters, which the app translates; `text()`
renders English for the command line and the plan file. Each client's explanation also has a
`kind` (`classify_unplaced`):

- `no_fit`: no valid group could take her even alone. No lead and co, room, slot or set of
  dates fits her own constraints (language, locations, dayparts, weekdays, due date, intake).
- `too_few`: groups could meet for her, but fewer than the minimum number of clients due
  around her date accept any such slot.
- `capacity`: a group with her was possible; it was not formed because facilitators, rooms
  or fellow clients went to other groups.

The analysis works from the outside in: who could run her group at all (per location), when
(weekday and daypart), with which room, on which dates (timing, closures, absences), then
whether the plan's bookings left room for it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kring.planning.capacity import Occupancy, occupancy_of
from kring.planning.model import Client, ClientId, Instance, PlanGroup, Programme
from kring.planning.schedule import GroupRequest, Scheduler, sessions_still_valid
from kring.planning.slots import (
    Slot,
    StaffIndex,
    candidate_slots,
    client_fits_slot,
    facilitator_pairs,
    language_ok,
    max_members_for_rooms,
    rooms_open_weekly,
    windows,
)

NO_FIT = "no_fit"
TOO_FEW = "too_few"
CAPACITY = "capacity"
MAX_SLOTS_TRIED = 4  # against the plan's bookings; her most preferred slots say enough

# Every reason code with its English text; `{on_days}` is derived from `weekdays` ("any" or ids).
REASON_TEMPLATES: Mapping[str, str] = {
    "no_lead_at_location": "no facilitator who can lead {programme} works at {location}",
    "no_co_at_location": "no co-facilitator for {programme} works at {location}",
    "no_lead_language": "no facilitator who can lead {programme} speaks {languages} at {location}",
    "no_pair_at_times": (
        "no {programme} lead and co-facilitator at {location} are both available on {on_days} in "
        "the {dayparts}"
    ),
    "no_room_open": "no room at {location} is open on {on_days} in the {dayparts}",
    "no_slot": (
        "at {location} no room is open when a {programme} lead and co-facilitator are both available "
        "on {on_days} in the {dayparts}"
    ),
    "rooms_too_small": (
        "no room at {location} seats a group of {minimum} with partners ({seats} seats needed, the "
        "largest room has {capacity})"
    ),
    "too_far_along": (
        "her {anchor_label} {anchor} is too close: session 1 would have to be by {latest}, before "
        "planning starts on {plan_start}"
    ),
    "after_horizon": (
        "session 1 of her group would be on {earliest} or later, after the planning horizon ends on "
        "{horizon_end}"
    ),
    "intake_too_late": (
        "intake (available_from {available_from}) comes after session {session} of every possible "
        "group (at the latest {latest})"
    ),
    "no_dates": "no date fits session {session} of her group at {location}: {blockers}",
    "too_few_clients": (
        "only {count} clients due {first}..{last} can meet at {location} on a weekday and daypart "
        "they accept; minimum is {minimum}"
    ),
    "too_few_waiting": (
        "only {count} clients due {first}..{last} who can meet at {location} are still without a "
        "group; minimum is {minimum}"
    ),
    "groups_full": "the groups she could join ({groups}) are full",
    "could_join": "she could still join a group with room for her ({groups})",
    "leads_fully_booked": (
        "all {programme} leads at {location} are fully booked (max_concurrent_groups) when her group "
        "would run"
    ),
    "cos_fully_booked": (
        "all {programme} co-facilitators at {location} are fully booked (max_concurrent_groups) when "
        "her group would run"
    ),
    "pairs_fully_booked": (
        "every {programme} lead and co-facilitator who could run her group at {location} is fully booked "
        "(max_concurrent_groups) when it would run, or is paired with someone who is"
    ),
    "facilitators_busy": (
        "the {programme} leads and co-facilitators at {location} already have sessions (or reach their "
        "weekly maximum) at the times her group would meet"
    ),
    "rooms_booked": "the rooms at {location} are taken at the times her group would meet",
    "not_formed": (
        "a group with her at {location} was possible, but this plan formed the groups around her differently"
    ),
}

_BLOCKERS = {
    "no_room": "the rooms are closed",
    "rooms_booked": "the rooms are taken",
    "lead_unavailable": "the lead is absent and no other lead can stand in",
    "co_unavailable": "the co-facilitator is absent and nobody can stand in",
    "lead_busy": "the lead is busy",
    "co_busy": "the co-facilitator is busy",
    "language": "no stand-in speaks the language",
    "stand_in": "the lead and co-facilitator are both absent and there are not two others to stand in",
    "window": "closed dates or the start of planning leave no date in its window",
    "gap": "the sessions around it leave too little time",
}


@dataclass(frozen=True)
class Reason:
    """Why a client is unplaced: a stable `code` and its parameters (strings and numbers)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def text(self) -> str:
        """English; the app translates by `code` instead."""
        params = dict(self.params)
        if "weekdays" in params:
            days = params["weekdays"]
            params["on_days"] = "any weekday" if days == "any" else f"her weekdays ({days})"
        return REASON_TEMPLATES[self.code].format(**params)


@dataclass(frozen=True)
class Explanation:
    kind: str  # NO_FIT, TOO_FEW or CAPACITY
    reasons: tuple[Reason, ...]


def explain_unplaced(
    instance: Instance, groups: Sequence[PlanGroup], unplaced: Iterable[ClientId]
) -> dict[ClientId, list[Reason]]:
    """Reasons for each unplaced client, the most decisive first (never empty)."""
    explainer = Explainer(instance, groups)
    return {cid: list(explainer.explain(cid).reasons) for cid in unplaced}


def classify_unplaced(instance: Instance, client_id: ClientId, groups: Sequence[PlanGroup] = ()) -> str:
    """NO_FIT when no valid group could take her even alone; otherwise TOO_FEW or CAPACITY."""
    return Explainer(instance, groups).explain(client_id).kind


# ---------------------------------------------------------------- the analysis


class Explainer:
    """Explains clients against one plan; caches what clients with equal wishes share."""

    def __init__(self, instance: Instance, groups: Sequence[PlanGroup]):
        self.instance = instance
        self.groups = tuple(groups)
        self._occupancy: Occupancy | None = None
        self._empty = Occupancy(instance)
        self._staff = StaffIndex(instance)
        self._pairs: dict[Slot, list[tuple[str, str]]] = {}
        self._possible: dict[tuple[Slot, tuple[dt.date, ...], dt.date | None], bool] = {}
        self._blocked: dict[tuple[Slot, tuple[dt.date, ...], dt.date | None], Counter[tuple[int, str]]] = {}
        self._now: dict[tuple[Slot, tuple[dt.date, ...], dt.date | None], tuple[bool, Counter[str]]] = {}
        placed = {m for g in self.groups for m in g.members}
        self._waiting = {c.id for c in instance.clients if c.id not in placed}
        by_programme: dict[str, list[Client]] = {}
        for client in sorted(instance.clients, key=lambda c: (c.anchor_date, c.id)):
            by_programme.setdefault(client.programme, []).append(client)
        self._by_programme = by_programme
        self._anchors = {p: [c.anchor_date for c in cs] for p, cs in by_programme.items()}

    @property
    def occupancy(self) -> Occupancy:
        if self._occupancy is None:
            self._occupancy = occupancy_of(self.instance, self.groups)
        return self._occupancy

    def explain(self, client_id: ClientId) -> Explanation:
        client = self.instance.client(client_id)
        programme = self.instance.programme(client.programme)
        reasons: list[Reason] = []
        # A published group she could join (if it had room) means some valid group could take her.
        joinable = self._published_openings(client, programme)
        if any(not full for _, full in joinable):
            groups = ", ".join(g for g, full in joinable if not full)
            return Explanation(CAPACITY, (Reason("could_join", {"groups": groups}),))
        if joinable:
            reasons.append(Reason("groups_full", {"groups": ", ".join(g for g, _ in joinable)}))
        kind = CAPACITY if joinable else NO_FIT
        timing = self._timing(client, programme)
        if timing:
            return Explanation(kind, (*reasons, *timing))
        viable: list[Slot] = []
        for location in client.locations:
            found, problems = self._weekly(client, programme, location)
            viable += found
            reasons += problems
        quick = any(self._alone_possible(client, programme, slot, thorough=False) for slot in viable)
        if not quick and not any(self._alone_possible(client, programme, slot) for slot in viable):
            reasons += self._date_problems(client, programme, viable)
            return Explanation(kind, tuple(_unique(reasons)) or (self._fallback(client),))
        crowds = self._crowds(client, programme, viable, waiting_only=False)
        gathered = [slot for slot in viable if crowds[slot][0] >= programme.group_size.min]
        possible: list[Slot] = []
        for thorough in (False, True):
            fits = (s for s in gathered if self._alone_possible(client, programme, s, thorough=thorough))
            possible = list(itertools.islice(fits, MAX_SLOTS_TRIED))
            if possible:
                break
        if not possible:
            # The largest crowd among the slots where her group could meet at all.
            by_crowd = sorted(viable, key=lambda slot: -crowds[slot][0])
            best = next((s for s in by_crowd if self._alone_possible(client, programme, s)), by_crowd[0])
            reason = self._too_few_reason(programme, crowds[best], best, "too_few_clients")
            return Explanation(TOO_FEW, (reason,))
        return Explanation(CAPACITY, tuple(self._capacity(client, programme, possible)))

    # -- timing: independent of where and when she meets

    def _timing(self, client: Client, programme: Programme) -> list[Reason]:
        inst = self.instance
        spread = programme.anchor_spread_days
        a = client.anchor_date
        variants = _anchor_variants(a, spread)
        all_windows = [windows(programme, v) for v in variants]
        latest_first = max(w[0][3] for w in all_windows)
        earliest_first = min(w[0][2] for w in all_windows)
        reasons = []
        if latest_first < inst.plan_start:
            label = "due date" if programme.anchor == "due_date" else "baby's birth date"
            reasons.append(
                Reason(
                    "too_far_along",
                    {
                        "anchor_label": label,
                        "anchor": a.isoformat(),
                        "latest": latest_first.isoformat(),
                        "plan_start": inst.plan_start.isoformat(),
                    },
                )
            )
        if earliest_first > inst.horizon_end:
            reasons.append(
                Reason(
                    "after_horizon",
                    {"earliest": earliest_first.isoformat(), "horizon_end": inst.horizon_end.isoformat()},
                )
            )
        join = programme.latest_join_session
        latest_join = max(w[join - 1][3] for w in all_windows)
        if client.available_from is not None and client.available_from > latest_join >= inst.plan_start:
            reasons.append(
                Reason(
                    "intake_too_late",
                    {
                        "available_from": client.available_from.isoformat(),
                        "session": join,
                        "latest": latest_join.isoformat(),
                    },
                )
            )
        return reasons

    # -- the weekly pattern at one location

    def _weekly(self, client: Client, programme: Programme, location: str) -> tuple[list[Slot], list[Reason]]:
        inst = self.instance
        pid = programme.id
        where = _place(inst, location)
        leads = [f for f in inst.facilitators if pid in f.can_lead and location in f.locations]
        cos = [f for f in inst.facilitators if pid in f.can_co and location in f.locations]
        if not leads:
            return [], [Reason("no_lead_at_location", {"programme": pid, "location": where})]
        if not cos:
            return [], [Reason("no_co_at_location", {"programme": pid, "location": where})]
        languages = sorted(client.languages)
        if not any(
            language_ok(lead, co, lang)
            for lead in leads
            for co in cos
            if lead.id != co.id
            for lang in languages
        ):
            return [], [
                Reason(
                    "no_lead_language",
                    {"programme": pid, "languages": " or ".join(languages), "location": where},
                )
            ]
        slots = [s for s in candidate_slots(inst, client) if s.location == location]
        with_pair = [s for s in slots if self._pairs_for(s)]
        with_room = [s for s in slots if rooms_open_weekly(inst, s)]
        times = {"programme": pid, "location": where, **_times(inst, client)}
        if not with_pair:
            problems = [Reason("no_pair_at_times", times)]
            if not with_room:
                problems.append(Reason("no_room_open", times))
            return [], problems
        if not with_room:
            return [], [Reason("no_room_open", times)]
        both = [s for s in with_pair if rooms_open_weekly(inst, s)]
        if not both:
            return [], [Reason("no_slot", times)]
        size = programme.group_size.min
        roomy = [
            s for s in both if max_members_for_rooms(inst, programme, rooms_open_weekly(inst, s)) >= size
        ]
        if not roomy:
            seats = max(s.seats_per_member for s in programme.sessions) * size + 2
            biggest = max(inst.room(r).capacity_seats for s in both for r in rooms_open_weekly(inst, s))
            return [], [
                Reason(
                    "rooms_too_small",
                    {"location": where, "minimum": size, "seats": seats, "capacity": biggest},
                )
            ]
        return roomy, []

    def _pairs_for(self, slot: Slot) -> list[tuple[str, str]]:
        if slot not in self._pairs:
            self._pairs[slot] = [(a.id, b.id) for a, b in facilitator_pairs(self.instance, slot)]
        return self._pairs[slot]

    # -- dates: could any group with her be scheduled, ignoring other groups?

    def _alone_possible(
        self, client: Client, programme: Programme, slot: Slot, *, thorough: bool = True
    ) -> bool:
        """Whether some group with her at `slot` could be scheduled if no other group existed.

        `thorough` tries every spread of fellow members' dates; otherwise only her alone and
        the two extremes (which move the reference dates most).
        """
        variants = _anchor_variants(client.anchor_date, programme.anchor_spread_days)
        if not thorough:
            variants = [variants[0], *variants[-2:]]
        for anchors in variants:
            key = (slot, anchors, client.available_from)
            if key not in self._possible:
                self._possible[key] = self._try(slot, anchors, client.available_from, programme, key)
            if self._possible[key]:
                return True
        return False

    def _try(
        self,
        slot: Slot,
        anchors: tuple[dt.date, ...],
        intake: dt.date | None,
        programme: Programme,
        key: tuple[Slot, tuple[dt.date, ...], dt.date | None],
    ) -> bool:
        blocked: Counter[tuple[int, str]] = Counter()
        for lead, co in self._pairs_for(slot):
            request = GroupRequest(
                id="?",
                slot=slot,
                lead=lead,
                co=co,
                anchors=anchors,
                members=programme.group_size.min,
                join_not_before=intake,
            )
            scheduler = Scheduler(self.instance, self._empty, self._staff)
            if scheduler.schedule(request) is not None:
                return True
            if scheduler.blocked is not None:
                number, why = scheduler.blocked
                blocked.update({(number, cause): n for cause, n in why.items()})
        self._blocked[key] = blocked
        return False

    def _date_problems(self, client: Client, programme: Programme, viable: list[Slot]) -> list[Reason]:
        problems = []
        for location in dict.fromkeys(s.location for s in viable):
            blocked: Counter[tuple[int, str]] = Counter()
            for slot in (s for s in viable if s.location == location):
                for anchors in _anchor_variants(client.anchor_date, programme.anchor_spread_days)[:1]:
                    blocked.update(self._blocked.get((slot, anchors, client.available_from), Counter()))
            if not blocked:
                continue
            session = blocked.most_common(1)[0][0][0]
            causes = Counter({c: n for (k, c), n in blocked.items() if k == session})
            named = [_BLOCKERS[c] for c, _ in causes.most_common() if c in _BLOCKERS][:2]
            problems.append(
                Reason(
                    "no_dates",
                    {
                        "location": _place(self.instance, location),
                        "session": session,
                        "blockers": "; ".join(named) or "closed dates",
                    },
                )
            )
        return problems

    # -- fellow clients

    def _crowds(
        self, client: Client, programme: Programme, slots: list[Slot], *, waiting_only: bool
    ) -> dict[Slot, tuple[int, dt.date, dt.date]]:
        """Per slot: the most clients due within the spread of her date who accept it, and their dates."""
        spread = dt.timedelta(days=programme.anchor_spread_days)
        clients = self._by_programme[programme.id]
        anchors = self._anchors[programme.id]
        lo = bisect.bisect_left(anchors, client.anchor_date - spread)
        hi = bisect.bisect_right(anchors, client.anchor_date + spread)
        near = [c for c in clients[lo:hi] if not waiting_only or c.id in self._waiting or c.id == client.id]
        result = {}
        for slot in slots:
            fit = [c.anchor_date for c in near if client_fits_slot(c, slot)]
            result[slot] = _best_window(fit, client.anchor_date, spread)
        return result

    def _too_few_reason(
        self, programme: Programme, crowd: tuple[int, dt.date, dt.date], slot: Slot, code: str
    ) -> Reason:
        count, first, last = crowd
        return Reason(
            code,
            {
                "count": count,
                "first": first.isoformat(),
                "last": last.isoformat(),
                "location": _place(self.instance, slot.location),
                "minimum": programme.group_size.min,
            },
        )

    # -- the plan's bookings

    def _capacity(self, client: Client, programme: Programme, slots: list[Slot]) -> list[Reason]:
        reasons: list[Reason] = []
        full = self._full_groups(client, programme)
        if full:
            reasons.append(Reason("groups_full", {"groups": ", ".join(full)}))
        causes: Counter[str] = Counter()
        free_slot: Slot | None = None
        for slot in slots[:MAX_SLOTS_TRIED]:
            if self._schedulable_now(slot, client, programme, causes):
                free_slot = slot
                break
        if free_slot is not None:
            crowds = self._crowds(client, programme, slots, waiting_only=True)
            best = max(slots, key=lambda slot: crowds[slot][0])
            if crowds[best][0] < programme.group_size.min:
                reasons.append(self._too_few_reason(programme, crowds[best], best, "too_few_waiting"))
            else:
                where = _place(self.instance, free_slot.location)
                reasons.append(Reason("not_formed", {"location": where}))
            return reasons
        where = _place(self.instance, slots[0].location)
        pid = programme.id
        if causes["lead_concurrency"] and not causes["lead_free"]:
            reasons.append(Reason("leads_fully_booked", {"programme": pid, "location": where}))
        elif causes["co_concurrency"] and not causes["co_free"]:
            reasons.append(Reason("cos_fully_booked", {"programme": pid, "location": where}))
        elif (causes["pair_blocked"] and not causes["pair_free"]) or causes["concurrency"]:
            reasons.append(Reason("pairs_fully_booked", {"programme": pid, "location": where}))
        if causes["lead_busy"] or causes["co_busy"] or causes["lead_unavailable"] or causes["co_unavailable"]:
            reasons.append(Reason("facilitators_busy", {"programme": pid, "location": where}))
        if causes["rooms_booked"]:
            reasons.append(Reason("rooms_booked", {"location": where}))
        return _unique(reasons) or [Reason("not_formed", {"location": where})]

    def _schedulable_now(
        self, slot: Slot, client: Client, programme: Programme, causes: Counter[str]
    ) -> bool:
        """Whether the plan's bookings leave a lead, co, rooms and dates for a group with her."""
        key = (slot, (client.anchor_date,), client.available_from)
        if key in self._now:
            found, seen = self._now[key]
            causes.update(seen)
            return found
        seen = Counter[str]()
        found = self._try_now(slot, client, programme, seen)
        self._now[key] = (found, seen)
        causes.update(seen)
        return found

    def _try_now(self, slot: Slot, client: Client, programme: Programme, causes: Counter[str]) -> bool:
        anchors = (client.anchor_date,)
        intake = client.available_from
        occupancy = self.occupancy
        wins = windows(programme, anchors)
        shortest = (wins[0][3], wins[-1][2])
        for lead, co in self._pairs_for(slot):
            lead_ok = occupancy.concurrency_ok(lead, *shortest)
            co_ok = occupancy.concurrency_ok(co, *shortest)
            causes["lead_free" if lead_ok else "lead_concurrency"] += 1
            causes["co_free" if co_ok else "co_concurrency"] += 1
            causes["pair_free" if lead_ok and co_ok else "pair_blocked"] += 1
            if not (lead_ok and co_ok):
                continue
            request = GroupRequest(
                id="?",
                slot=slot,
                lead=lead,
                co=co,
                anchors=anchors,
                members=programme.group_size.min,
                join_not_before=intake,
            )
            scheduler = Scheduler(self.instance, occupancy, self._staff)
            if scheduler.schedule(request) is not None:
                return True
            causes.update(scheduler.causes)
        return False

    def _published_openings(self, client: Client, programme: Programme) -> list[tuple[str, bool]]:
        """Kept published groups she could join alone as far as rule 7 and the schedule go: (id, full)."""
        inst = self.instance
        published = {g.id for g in inst.published}
        found = []
        for group in self.groups:
            if group.id not in published:
                continue
            slot = Slot(group.programme, group.location, group.weekday, group.daypart, group.language)
            if not client_fits_slot(client, slot):
                continue
            join = next(s for s in group.sessions if s.number == programme.latest_join_session)
            if join.date < inst.plan_start:
                continue
            anchors = (
                *(inst.client(m).anchor_date for m in group.members if inst.has_client(m)),
                client.anchor_date,
            )
            if (max(anchors) - min(anchors)).days > programme.anchor_spread_days:
                continue
            request = GroupRequest(
                id=group.id,
                slot=slot,
                lead=group.lead,
                co=group.co,
                anchors=anchors,
                members=len(group.members) + 1,
                join_not_before=client.available_from,
                history=tuple(s for s in group.sessions if s.date < inst.plan_start),
            )
            if sessions_still_valid(inst, self.occupancy, request, group.sessions):
                found.append((group.id, len(group.members) >= programme.group_size.max))
        return found

    def _full_groups(self, client: Client, programme: Programme) -> list[str]:
        full = []
        for group in self.groups:
            slot = Slot(group.programme, group.location, group.weekday, group.daypart, group.language)
            if not client_fits_slot(client, slot):
                continue
            inst = self.instance
            anchors = [inst.client(m).anchor_date for m in group.members if inst.has_client(m)]
            anchors.append(client.anchor_date)
            if (max(anchors) - min(anchors)).days > programme.anchor_spread_days:
                continue
            if len(group.members) >= programme.group_size.max:
                full.append(group.id)
        return full

    def _fallback(self, client: Client) -> Reason:
        where = ", ".join(_place(self.instance, loc) for loc in client.locations)
        return Reason(
            "no_dates",
            {"location": where, "session": 1, "blockers": "closed dates, absences and room closures"},
        )


# ---------------------------------------------------------------- helpers


def _anchor_variants(anchor: dt.date, spread_days: int) -> list[tuple[dt.date, ...]]:
    """Member anchors of groups she could be in: alone, then with others up to the spread away."""
    variants: list[tuple[dt.date, ...]] = [(anchor,)]
    for days in range(7, spread_days + 1, 7):
        gap = dt.timedelta(days=days)
        variants += [(anchor, anchor + gap), (anchor - gap, anchor)]
    if spread_days % 7:
        gap = dt.timedelta(days=spread_days)
        variants += [(anchor, anchor + gap), (anchor - gap, anchor)]
    return variants


def _best_window(anchors: list[dt.date], mine: dt.date, spread: dt.timedelta) -> tuple[int, dt.date, dt.date]:
    """The most of the (sorted) `anchors` in a window of `spread` containing `mine`: count, first, last."""
    best = (0, mine, mine)
    for start in anchors:
        if not mine - spread <= start <= mine:
            continue
        lo = bisect.bisect_left(anchors, start)
        hi = bisect.bisect_right(anchors, start + spread)
        if hi - lo > best[0]:
            best = (hi - lo, anchors[lo], anchors[hi - 1])
    return best


def _place(instance: Instance, location: str) -> str:
    name = instance.location(location).name
    return f"{name} ({location})" if name else location


def _times(instance: Instance, client: Client) -> dict[str, str]:
    days = [d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun") if client.accepts_weekday(d)]
    parts = client.dayparts if client.dayparts is not None else tuple(d.id for d in instance.dayparts)
    return {
        "weekdays": ", ".join(days) if client.weekdays is not None else "any",
        "dayparts": " or ".join(parts),
    }


def _unique(reasons: list[Reason]) -> list[Reason]:
    seen: set[tuple[str, tuple[tuple[str, Any], ...]]] = set()
    result = []
    for reason in reasons:
        key = (reason.code, tuple(sorted(reason.params.items())))
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return result
