"""The executable specification: SPEC section 2 (plan structure), 3 (hard rules) and 4 (penalty).

Every hard rule and every penalty term is one plain function with a one-line docstring in
plain language, registered in order in `HARD_RULES` and `PENALTY_TERMS`, so that the app can
explain a plan rule by rule. Entry points:

- `check(instance, plan)` -> `CheckReport`: every broken rule, the penalty and its breakdown,
  and whether the plan's own claims (penalty, breakdown, bound, status) hold.
- `violations_for(instance, groups, unplaced)`: the same rule checks for a hand-edited list of
  groups, as the web app shows them before an edit is saved.
- `penalty_breakdown(instance, groups, unplaced_ids)`: the weighted terms, for solvers.

Nothing here knows about a solver or Django. Violations carry a stable `code` and the ids
involved; `message` is English prose for the command line and logs.

Readings of the SPEC where its text leaves room:

- A session is *history* when the published session with its number is dated before
  plan_start; moving or changing it breaks rule 16 (`history_changed`), times included.
- A plan group whose id is a published id is that published group (judged by rule 16); two
  groups with one id are a structure problem.
- Rule 9's clause on a new group's main lead and co (qualified, rules 10-11 for the group's
  slot and language, absences aside) is reported as rule 9 with `main_*` codes.
- Rule 12 among history only: two history sessions never clash; a week is over its limit
  only if it holds a future session; concurrent groups are counted from plan_start on
  (earlier dates see history only).
- Start and end: a time that is neither the daypart's local clock time nor the same instant
  breaks rule 2 (rule 16 for history); the right time with another UTC offset than the one in
  force is a structure problem (`wrong_utc_offset`).
- A kept published group without members has no windows (timing 0) but still counts for
  below_target, as every group in the plan does. A missing future session of a kept
  published group counts 4 in published_change, like a cancelled one.
- `unplaced` counts the instance's clients in no group (so `check` and `penalty_breakdown`
  agree on partial plans).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from kring.planning.model import (
    DEFAULT_WEIGHTS,
    WEEKDAYS,
    Client,
    Daypart,
    Facilitator,
    Instance,
    Location,
    Plan,
    PlanGroup,
    PlanSession,
    Programme,
    PublishedGroup,
    Room,
    Unplaced,
    in_any_period,
    reference_dates,
    session_window,
    weekday_of,
)
from kring.planning.model import PENALTY_TERMS as TERM_NAMES

STRUCTURE = 0  # `Violation.rule` for problems of SPEC section 2 (ids, coverage, times, claims)
CANCELLED_SESSION_FIELDS = 4  # SPEC 4: a published future session that disappears counts 4 fields
_UTC = dt.UTC


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: `rule` 1..16 (SPEC 3) or 0 (SPEC 2 structure), a stable `code`."""

    rule: int
    code: str
    message: str
    group: str | None = None
    session: int | None = None
    client: str | None = None
    facilitator: str | None = None
    room: str | None = None
    date: dt.date | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: rule, code, message and the ids and date that are set."""
        data: dict[str, object] = {"rule": self.rule, "code": self.code, "message": self.message}
        for name in ("group", "session", "client", "facilitator", "room"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        if self.date is not None:
            data["date"] = self.date.isoformat()
        return data

    def __str__(self) -> str:
        label = "structure" if self.rule == STRUCTURE else f"rule {self.rule}"
        return f"{label} [{self.code}]: {self.message}"


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: broken rules, the true penalty, and the plan's claims."""

    violations: tuple[Violation, ...]
    breakdown: dict[str, int]
    penalty: int
    status: str = "feasible"
    claimed_penalty: int | None = None
    claimed_breakdown: Mapping[str, int] | None = None

    @property
    def valid(self) -> bool:
        """No rule broken and not a plan that says it is infeasible."""
        return not self.violations and self.status != "infeasible"

    @property
    def rules_broken(self) -> tuple[int, ...]:
        return tuple(sorted({v.rule for v in self.violations}))

    def by_rule(self) -> dict[int, list[Violation]]:
        """Violations grouped by rule number (0: structure), in rule order, for explaining a plan."""
        grouped: dict[int, list[Violation]] = {}
        for violation in sorted(self.violations, key=lambda v: v.rule):
            grouped.setdefault(violation.rule, []).append(violation)
        return grouped

    def claim_errors(self) -> list[str]:
        """Where the plan's claimed penalty or breakdown differs from the computed one."""
        errors = []
        claimed = dict(self.claimed_breakdown or {})
        for term in TERM_NAMES:
            if term not in claimed:
                errors.append(f"penalty_breakdown.{term}: missing, computed {self.breakdown[term]}")
            elif claimed[term] != self.breakdown[term]:
                errors.append(
                    f"penalty_breakdown.{term}: claimed {claimed[term]}, computed {self.breakdown[term]}"
                )
        for term in sorted(set(claimed) - set(TERM_NAMES)):
            errors.append(f"penalty_breakdown.{term}: unknown term")
        if self.claimed_penalty != self.penalty:
            errors.append(f"penalty: claimed {self.claimed_penalty}, computed {self.penalty}")
        return errors

    def claims_ok(self) -> bool:
        """True when the plan's claimed penalty and breakdown equal the computed ones."""
        return not self.claim_errors()


# ---------------------------------------------------------------- what the rules look at


@dataclass(frozen=True)
class _Index:
    """Lookups by id for one instance; built once per instance and reused."""

    programmes: dict[str, Programme]
    clients: dict[str, Client]
    facilitators: dict[str, Facilitator]
    rooms: dict[str, Room]
    dayparts: dict[str, Daypart]
    locations: dict[str, Location]
    published: dict[str, PublishedGroup]
    history: dict[str, frozenset[int]]  # published group id -> numbers of its history sessions


_INDEX_CACHE: dict[int, tuple[Instance, _Index]] = {}
_INDEX_CACHE_SIZE = 8


def _index(instance: Instance) -> _Index:
    cached = _INDEX_CACHE.get(id(instance))
    if cached is not None and cached[0] is instance:
        return cached[1]
    index = _Index(
        programmes={p.id: p for p in instance.programmes},
        clients={c.id: c for c in instance.clients},
        facilitators={f.id: f for f in instance.facilitators},
        rooms={r.id: r for r in instance.rooms},
        dayparts={d.id: d for d in instance.dayparts},
        locations={loc.id: loc for loc in instance.locations},
        published={p.id: p for p in instance.published},
        history={
            p.id: frozenset(s.number for s in p.sessions if s.date < instance.plan_start)
            for p in instance.published
        },
    )
    if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[id(instance)] = (instance, index)
    return index


@dataclass
class _GroupInfo:
    """One plan group with what several rules need about it, computed once."""

    group: PlanGroup
    programme: Programme | None
    published: PublishedGroup | None
    history: frozenset[int]  # session numbers that are history (published groups only)
    members: tuple[Client, ...]  # members known to the instance
    joiners: tuple[Client, ...]  # members who are not kept published members (all, for new groups)
    references: Mapping[str, dt.date] | None  # None without members: no windows
    daypart: Daypart | None
    by_number: dict[int, PlanSession] = field(default_factory=dict)

    def is_history(self, session: PlanSession) -> bool:
        return session.number in self.history

    def future(self) -> Iterator[PlanSession]:
        return (s for s in self.group.sessions if s.number not in self.history)

    def valid_number(self, number: int) -> bool:
        return self.programme is not None and 1 <= number <= self.programme.session_count


class _Context:
    def __init__(
        self,
        instance: Instance,
        groups: Sequence[PlanGroup],
        unplaced: Sequence[Unplaced] | None = None,
        unplaced_ids: Iterable[str] | None = None,
    ):
        self.instance = instance
        self.index = _index(instance)
        self.groups = tuple(groups)
        self.unplaced = None if unplaced is None else tuple(unplaced)
        self.unplaced_ids = None if unplaced_ids is None else set(unplaced_ids)
        self.infos = [self._info(g) for g in self.groups]

    def _info(self, group: PlanGroup) -> _GroupInfo:
        ix = self.index
        published = ix.published.get(group.id)
        members = tuple(ix.clients[c] for c in group.members if c in ix.clients)
        if published is None:
            joiners = members
        else:
            kept = set(published.members)
            joiners = tuple(c for c in members if c.id not in kept)
        by_number: dict[int, PlanSession] = {}
        for s in group.sessions:
            by_number.setdefault(s.number, s)
        return _GroupInfo(
            group=group,
            programme=ix.programmes.get(group.programme),
            published=published,
            history=ix.history.get(group.id, frozenset()),
            members=members,
            joiners=joiners,
            references=reference_dates([c.anchor_date for c in members]) if members else None,
            daypart=ix.dayparts.get(group.daypart),
            by_number=by_number,
        )

    # -- times

    def expected_times(self, info: _GroupInfo, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if info.daypart is None:
            return None
        tz = self.instance.tz
        return (
            dt.datetime.combine(day, info.daypart.start, tzinfo=tz),
            dt.datetime.combine(day, info.daypart.end, tzinfo=tz),
        )

    def times_ok(self, info: _GroupInfo, s: PlanSession) -> bool:
        """The session is at its group's daypart times on its date: same local clock or same instant.

        Right times written with a wrong UTC offset are a structure problem (`wrong_utc_offset`).
        """
        expected = self.expected_times(info, s.date)
        if expected is None:
            return True
        return _same_time(s.start, expected[0]) and _same_time(s.end, expected[1])

    def interval(self, info: _GroupInfo, s: PlanSession) -> tuple[dt.datetime, dt.datetime] | None:
        """Real (UTC) start and end; the daypart's times where the session's are not aware."""
        if s.start.utcoffset() is not None and s.end.utcoffset() is not None:
            return s.start.astimezone(_UTC), s.end.astimezone(_UTC)
        expected = self.expected_times(info, s.date)
        if expected is None:
            return None
        return expected[0].astimezone(_UTC), expected[1].astimezone(_UTC)


def _same_time(got: dt.datetime, want: dt.datetime) -> bool:
    """Same local wall-clock time, or (for aware times) the same instant."""
    if got.replace(tzinfo=None) == want.replace(tzinfo=None):
        return True
    return got.utcoffset() is not None and got.astimezone(_UTC) == want.astimezone(_UTC)


def _where(info: _GroupInfo, s: PlanSession) -> str:
    return f"group {info.group.id} session {s.number} on {s.date.isoformat()}"


def _v(
    rule: int,
    code: str,
    message: str,
    info: _GroupInfo | None = None,
    s: PlanSession | None = None,
    **ids: str | None,
) -> Violation:
    return Violation(
        rule=rule,
        code=code,
        message=message,
        group=info.group.id if info is not None else None,
        session=s.number if s is not None else None,
        date=s.date if s is not None else None,
        **ids,
    )


def _speaks(language: str, lead: Facilitator, co: Facilitator) -> bool:
    """Rule 11: the lead speaks it, or the co does and shares a language with the lead."""
    return language in lead.languages or (language in co.languages and bool(lead.languages & co.languages))


def _roles(s: PlanSession) -> tuple[tuple[str, str], ...]:
    return (("lead", s.lead), ("co", s.co)) if s.lead != s.co else (("lead", s.lead),)


# ---------------------------------------------------------------- SPEC 2: structure


def _structure(ctx: _Context) -> Iterator[Violation]:
    """Structure: ids are known and unique, times carry the right offset, every client is placed once."""
    ix = ctx.index
    for gid, count in Counter(g.id for g in ctx.groups).items():
        if count > 1:
            kind = "published group" if gid in ix.published else "group"
            yield Violation(
                STRUCTURE, "duplicate_group_id", f"{kind} id {gid} is used by {count} groups", group=gid
            )
    for info in ctx.infos:
        g = info.group
        if info.programme is None:
            yield _v(STRUCTURE, "unknown_programme", f"group {g.id}: unknown programme '{g.programme}'", info)
        if g.location not in ix.locations:
            yield _v(STRUCTURE, "unknown_location", f"group {g.id}: unknown location '{g.location}'", info)
        if info.daypart is None:
            yield _v(STRUCTURE, "unknown_daypart", f"group {g.id}: unknown daypart '{g.daypart}'", info)
        if g.weekday not in WEEKDAYS:
            yield _v(STRUCTURE, "unknown_weekday", f"group {g.id}: unknown weekday '{g.weekday}'", info)
        for role in ("lead", "co"):
            fid = getattr(g, role)
            if fid not in ix.facilitators:
                yield _v(
                    STRUCTURE,
                    "unknown_facilitator",
                    f"group {g.id}: {role} '{fid}' is not a facilitator",
                    info,
                    facilitator=fid,
                )
        for cid in g.members:
            if cid not in ix.clients:
                yield _v(
                    STRUCTURE,
                    "unknown_client",
                    f"group {g.id}: member '{cid}' is not a client of the instance",
                    info,
                    client=cid,
                )
        for s in g.sessions:
            if s.room not in ix.rooms:
                yield _v(
                    STRUCTURE,
                    "unknown_room",
                    f"{_where(info, s)}: unknown room '{s.room}'",
                    info,
                    s,
                    room=s.room,
                )
            for role, fid in (("lead", s.lead), ("co", s.co)):
                if fid not in ix.facilitators:
                    yield _v(
                        STRUCTURE,
                        "unknown_facilitator",
                        f"{_where(info, s)}: {role} '{fid}' is not a facilitator",
                        info,
                        s,
                        facilitator=fid,
                    )
            yield from _offsets(ctx, info, s)
    if ctx.unplaced is not None:
        yield from _coverage(ctx)


def _offsets(ctx: _Context, info: _GroupInfo, s: PlanSession) -> Iterator[Violation]:
    expected = ctx.expected_times(info, s.date)
    for label, got, want in (
        ("start", s.start, expected and expected[0]),
        ("end", s.end, expected and expected[1]),
    ):
        if got.utcoffset() is None:
            yield _v(
                STRUCTURE,
                "time_without_offset",
                f"{_where(info, s)}: {label} {got.isoformat()} has no UTC offset",
                info,
                s,
            )
        elif want is not None and got.utcoffset() != want.utcoffset() and _same_time(got, want):
            yield _v(
                STRUCTURE,
                "wrong_utc_offset",
                f"{_where(info, s)}: {label} {got.isoformat(timespec='seconds')} should be "
                f"{want.isoformat(timespec='seconds')} (the offset in force in {ctx.instance.timezone})",
                info,
                s,
            )


def _coverage(ctx: _Context) -> Iterator[Violation]:
    """Every client is a member of a group or listed once in `unplaced` with a reason."""
    assert ctx.unplaced is not None
    ix = ctx.index
    grouped = {cid for g in ctx.groups for cid in g.members}
    listed = Counter(u.client for u in ctx.unplaced)
    for u in ctx.unplaced:
        if u.client not in ix.clients:
            yield Violation(
                STRUCTURE,
                "unknown_client",
                f"unplaced: '{u.client}' is not a client of the instance",
                client=u.client,
            )
        elif u.client in grouped:
            yield Violation(
                STRUCTURE,
                "client_grouped_and_unplaced",
                f"client {u.client} is listed as unplaced but is a member of a group",
                client=u.client,
            )
        if not any(r.strip() for r in u.reasons):
            yield Violation(
                STRUCTURE,
                "unplaced_without_reason",
                f"unplaced client {u.client} has no reason",
                client=u.client,
            )
    for cid, count in listed.items():
        if count > 1:
            yield Violation(
                STRUCTURE,
                "client_unplaced_twice",
                f"client {cid} is listed {count} times as unplaced",
                client=cid,
            )
    for c in ctx.instance.clients:
        if c.id not in grouped and c.id not in listed:
            yield Violation(
                STRUCTURE,
                "client_missing",
                f"client {c.id} is neither a member of a group nor listed as unplaced",
                client=c.id,
            )


# ---------------------------------------------------------------- SPEC 3: hard rules


RuleCheck = Callable[[_Context], Iterable[Violation]]


@dataclass(frozen=True)
class HardRule:
    """A hard rule of SPEC section 3: its number, a short name and its check."""

    number: int
    name: str
    check: RuleCheck

    @property
    def description(self) -> str:
        return (self.check.__doc__ or "").strip().splitlines()[0]


def _series(ctx: _Context) -> Iterator[Violation]:
    """Hard: a group has every session of its programme once, on increasing dates far enough apart."""
    for info in ctx.infos:
        prog = info.programme
        if prog is None:
            continue
        gid = info.group.id
        n = prog.session_count
        counts = Counter(s.number for s in info.group.sessions)
        for number in sorted(counts):
            if not 1 <= number <= n:
                yield _v(
                    1,
                    "session_number_invalid",
                    f"group {gid}: session number {number} is not in 1..{n} of {prog.id}",
                    info,
                )
            elif counts[number] > 1:
                yield _v(
                    1,
                    "session_duplicated",
                    f"group {gid}: session {number} appears {counts[number]} times",
                    info,
                )
        for number in range(1, n + 1):
            if number not in counts:
                yield _v(1, "session_missing", f"group {gid}: session {number} of {prog.id} is missing", info)
        ordered = [info.by_number[k] for k in range(1, n + 1) if k in info.by_number]
        for a, b in itertools.pairwise(ordered):
            gap = (b.date - a.date).days
            if gap <= 0:
                yield _v(
                    1,
                    "sessions_not_increasing",
                    f"group {gid}: session {b.number} on {b.date} is not after "
                    f"session {a.number} on {a.date}",
                    info,
                    b,
                )
            elif gap < prog.min_days_between_sessions:
                yield _v(
                    1,
                    "sessions_too_close",
                    f"group {gid}: sessions {a.number} ({a.date}) and {b.number} ({b.date}) are {gap} days "
                    f"apart, less than {prog.min_days_between_sessions}",
                    info,
                    b,
                )


def _slot(ctx: _Context) -> Iterator[Violation]:
    """Hard: every session is on the group's weekday, at its daypart's times, in a room of its location."""
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            day = weekday_of(s.date)
            if day != g.weekday:
                yield _v(
                    2,
                    "wrong_weekday",
                    f"{_where(info, s)}: a {day}, but the group meets on {g.weekday}",
                    info,
                    s,
                )
            if not ctx.times_ok(info, s):
                yield _v(
                    2,
                    "wrong_times",
                    f"{_where(info, s)}: {s.start.isoformat()}..{s.end.isoformat()} are not the "
                    f"{g.daypart} times",
                    info,
                    s,
                )
            room = ctx.index.rooms.get(s.room)
            if room is not None and room.location != g.location:
                yield _v(
                    2,
                    "room_wrong_location",
                    f"{_where(info, s)}: room {s.room} is at {room.location}, the group at {g.location}",
                    info,
                    s,
                    room=s.room,
                )


def _size(ctx: _Context) -> Iterator[Violation]:
    """Hard: a new group has min..max members; a published group at most max."""
    for info in ctx.infos:
        if info.programme is None:
            continue
        size = info.programme.group_size
        n = len(info.group.members)
        if info.published is None and n < size.min:
            yield _v(
                3, "group_too_small", f"group {info.group.id} has {n} members, fewer than {size.min}", info
            )
        if n > size.max:
            yield _v(
                3, "group_too_large", f"group {info.group.id} has {n} members, more than {size.max}", info
            )


def _spread(ctx: _Context) -> Iterator[Violation]:
    """Hard: the members' anchor dates span at most anchor_spread_days (published: when gaining a member)."""
    for info in ctx.infos:
        if info.programme is None or len(info.members) < 2:
            continue
        if info.published is not None and not info.joiners:
            continue
        first = min(info.members, key=lambda c: c.anchor_date)
        last = max(info.members, key=lambda c: c.anchor_date)
        span = (last.anchor_date - first.anchor_date).days
        if span > info.programme.anchor_spread_days:
            yield _v(
                4,
                "anchor_spread_too_wide",
                f"group {info.group.id}: anchors span {span} days ({first.id} {first.anchor_date} to "
                f"{last.id} {last.anchor_date}), more than {info.programme.anchor_spread_days}",
                info,
            )


def _windows(ctx: _Context) -> Iterator[Violation]:
    """Hard: every future session lies inside its window, computed from the group's final members."""
    for info in ctx.infos:
        if info.programme is None or info.references is None:
            continue
        for s in info.future():
            if not info.valid_number(s.number):
                continue
            ideal, earliest, latest = session_window(info.programme.spec(s.number), info.references)
            if not earliest <= s.date <= latest:
                yield _v(
                    5,
                    "outside_window",
                    f"{_where(info, s)}: outside its window {earliest}..{latest} (ideal {ideal})",
                    info,
                    s,
                )


def _calendar(ctx: _Context) -> Iterator[Violation]:
    """Hard: no session before plan_start or on a closed date; a new group starts by horizon_end."""
    inst = ctx.instance
    for info in ctx.infos:
        for s in info.future():
            if s.date < inst.plan_start:
                yield _v(
                    6, "before_plan_start", f"{_where(info, s)}: before plan_start {inst.plan_start}", info, s
                )
            if s.date in inst.closed_dates:
                yield _v(6, "closed_date", f"{_where(info, s)}: a closed date", info, s)
            if info.published is None and s.number == 1 and s.date > inst.horizon_end:
                yield _v(
                    6,
                    "after_horizon",
                    f"{_where(info, s)}: session 1 after horizon_end {inst.horizon_end}",
                    info,
                    s,
                )


def _member_fit(ctx: _Context) -> Iterator[Violation]:
    """Hard: a member fits the group's programme, language, place, daypart and weekday, and joins in time."""
    for info in ctx.infos:
        g, prog = info.group, info.programme
        if prog is None:
            continue
        join = info.by_number.get(prog.latest_join_session)
        for c in info.joiners:
            who = f"group {g.id}: client {c.id}"
            if c.programme != g.programme:
                yield _v(
                    7,
                    "wrong_programme",
                    f"{who} is in programme {c.programme}, the group {g.programme}",
                    info,
                    client=c.id,
                )
            if g.language not in c.languages:
                yield _v(7, "language_not_spoken", f"{who} does not speak {g.language}", info, client=c.id)
            if g.location not in c.locations:
                yield _v(
                    7,
                    "location_not_acceptable",
                    f"{who} does not accept location {g.location}",
                    info,
                    client=c.id,
                )
            if not c.accepts_daypart(g.daypart):
                yield _v(
                    7,
                    "daypart_not_acceptable",
                    f"{who} does not accept daypart {g.daypart}",
                    info,
                    client=c.id,
                )
            if not c.accepts_weekday(g.weekday):
                yield _v(
                    7,
                    "weekday_not_acceptable",
                    f"{who} does not accept weekday {g.weekday}",
                    info,
                    client=c.id,
                )
            if join is None:
                continue
            if c.available_from is not None and c.available_from > join.date:
                yield _v(
                    7,
                    "available_too_late",
                    f"{who} is available from {c.available_from}, after session {join.number} on {join.date}",
                    info,
                    join,
                    client=c.id,
                )
            if info.published is not None and info.is_history(join):
                yield _v(
                    7,
                    "join_closed",
                    f"{who} joins published group {g.id} after its session {join.number} ({join.date}) "
                    "took place",
                    info,
                    join,
                    client=c.id,
                )


def _one_group(ctx: _Context) -> Iterator[Violation]:
    """Hard: a client is in at most one group."""
    where: dict[str, list[str]] = defaultdict(list)
    for g in ctx.groups:
        for cid in g.members:
            where[cid].append(g.id)
    for cid, gids in where.items():
        if len(gids) < 2:
            continue
        if len(set(gids)) > 1:
            yield Violation(
                8, "client_in_two_groups", f"client {cid} is in groups {', '.join(gids)}", client=cid
            )
        else:
            yield Violation(
                8,
                "client_listed_twice",
                f"client {cid} is listed {len(gids)} times in group {gids[0]}",
                group=gids[0],
                client=cid,
            )


def _qualified(ctx: _Context) -> Iterator[Violation]:
    """Hard: lead and co are two qualified people; a new group's main pair also fits its slot and language."""
    fac = ctx.index.facilitators
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            if s.lead == s.co:
                yield _v(
                    9,
                    "same_lead_and_co",
                    f"{_where(info, s)}: {s.lead} is both lead and co",
                    info,
                    s,
                    facilitator=s.lead,
                )
            lead, co = fac.get(s.lead), fac.get(s.co)
            if lead is not None and g.programme not in lead.can_lead:
                yield _v(
                    9,
                    "lead_not_qualified",
                    f"{_where(info, s)}: {s.lead} may not lead {g.programme}",
                    info,
                    s,
                    facilitator=s.lead,
                )
            if co is not None and g.programme not in co.can_co:
                yield _v(
                    9,
                    "co_not_qualified",
                    f"{_where(info, s)}: {s.co} may not co-facilitate {g.programme}",
                    info,
                    s,
                    facilitator=s.co,
                )
        if info.published is None:
            yield from _main_pair(ctx, info)


def _main_pair(ctx: _Context, info: _GroupInfo) -> Iterator[Violation]:
    # SPEC reading: rule 9 asks a new group's main pair to meet rules 10-11 for the group's slot;
    # those failures are reported as rule 9 (the rule that states the condition).
    g = info.group
    fac = ctx.index.facilitators
    if g.lead == g.co:
        yield _v(
            9,
            "main_same_lead_and_co",
            f"group {g.id}: {g.lead} is both main lead and co",
            info,
            facilitator=g.lead,
        )
    lead, co = fac.get(g.lead), fac.get(g.co)
    if lead is not None and g.programme not in lead.can_lead:
        yield _v(
            9,
            "main_lead_not_qualified",
            f"group {g.id}: main lead {g.lead} may not lead {g.programme}",
            info,
            facilitator=g.lead,
        )
    if co is not None and g.programme not in co.can_co:
        yield _v(
            9,
            "main_co_not_qualified",
            f"group {g.id}: main co {g.co} may not co-facilitate {g.programme}",
            info,
            facilitator=g.co,
        )
    for role, f in (("lead", lead), ("co", co)):
        if f is None or (role == "co" and g.co == g.lead):
            continue
        if g.location not in f.locations:
            yield _v(
                9,
                "main_facilitator_wrong_location",
                f"group {g.id}: main {role} {f.id} does not work at {g.location}",
                info,
                facilitator=f.id,
            )
        if not f.available_weekly(g.weekday, g.daypart):
            yield _v(
                9,
                "main_facilitator_unavailable",
                f"group {g.id}: main {role} {f.id} is not available on {g.weekday} {g.daypart}",
                info,
                facilitator=f.id,
            )
    if lead is not None and co is not None and not _speaks(g.language, lead, co):
        yield _v(
            9,
            "main_language_not_covered",
            f"group {g.id}: neither main lead {lead.id} nor co {co.id} (sharing a language with the lead) "
            f"speaks {g.language}",
            info,
            facilitator=lead.id,
        )


def _facilitator_available(ctx: _Context) -> Iterator[Violation]:
    """Hard: in every future session lead and co work at the location, are available and not absent."""
    fac = ctx.index.facilitators
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            for role, fid in _roles(s):
                f = fac.get(fid)
                if f is None:
                    continue
                if g.location not in f.locations:
                    yield _v(
                        10,
                        "facilitator_wrong_location",
                        f"{_where(info, s)}: {role} {fid} does not work at {g.location}",
                        info,
                        s,
                        facilitator=fid,
                    )
                if not f.available_weekly(weekday_of(s.date), g.daypart):
                    yield _v(
                        10,
                        "facilitator_unavailable",
                        f"{_where(info, s)}: {role} {fid} is not available on "
                        f"{weekday_of(s.date)} {g.daypart}",
                        info,
                        s,
                        facilitator=fid,
                    )
                if f.is_absent(s.date):
                    yield _v(
                        10,
                        "facilitator_absent",
                        f"{_where(info, s)}: {role} {fid} is absent",
                        info,
                        s,
                        facilitator=fid,
                    )


def _language(ctx: _Context) -> Iterator[Violation]:
    """Hard: the lead speaks the group's language, or the co does and shares a language with the lead."""
    fac = ctx.index.facilitators
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            lead, co = fac.get(s.lead), fac.get(s.co)
            if lead is not None and co is not None and not _speaks(g.language, lead, co):
                yield _v(
                    11,
                    "language_not_covered",
                    f"{_where(info, s)}: neither lead {s.lead} nor co {s.co} (sharing a language with the "
                    f"lead) speaks {g.language}",
                    info,
                    s,
                    facilitator=s.lead,
                )


@dataclass(frozen=True, slots=True)
class _Booking:
    start: dt.datetime  # UTC
    end: dt.datetime
    info: _GroupInfo
    session: PlanSession
    history: bool


def _bookings(ctx: _Context) -> dict[str, list[_Booking]]:
    """Every session (history included) of every known facilitator, as lead or co."""
    result: dict[str, list[_Booking]] = defaultdict(list)
    for info in ctx.infos:
        for s in info.group.sessions:
            times = ctx.interval(info, s)
            if times is None:
                continue
            booking = _Booking(times[0], times[1], info, s, info.is_history(s))
            for _role, fid in _roles(s):
                if fid in ctx.index.facilitators:
                    result[fid].append(booking)
    return result


def _workload(ctx: _Context) -> Iterator[Violation]:
    """Hard: nobody is in two sessions at once, nor over their weekly or concurrent-group limit."""
    bookings = _bookings(ctx)
    for fid in sorted(bookings):
        items = sorted(bookings[fid], key=lambda b: (b.start, b.end))
        yield from _overlaps(fid, items)
        limit = ctx.index.facilitators[fid].max_sessions_per_week
        if limit is not None:
            yield from _week_limit(fid, items, limit)
    yield from _concurrency(ctx)


def _overlaps(fid: str, items: list[_Booking]) -> Iterator[Violation]:
    active: list[_Booking] = []
    for b in items:
        active = [a for a in active if a.end > b.start]  # half-open: an end at b's start is no overlap
        for a in active:
            if a.history and b.history:
                continue
            yield _v(
                12,
                "facilitator_double_booked",
                f"{fid} is in {_where(a.info, a.session)} and {_where(b.info, b.session)} at overlapping "
                "times",
                b.info,
                b.session,
                facilitator=fid,
            )
        active.append(b)


def _week_limit(fid: str, items: list[_Booking], limit: int) -> Iterator[Violation]:
    weeks: dict[tuple[int, int], list[_Booking]] = defaultdict(list)
    for b in items:
        iso = b.session.date.isocalendar()
        weeks[(iso.year, iso.week)].append(b)
    for (year, week), week_items in sorted(weeks.items()):
        # History alone over the limit is the past, not this plan's doing.
        if len(week_items) > limit and not all(b.history for b in week_items):
            first = next(b for b in week_items if not b.history)
            yield _v(
                12,
                "facilitator_week_limit",
                f"{fid} has {len(week_items)} sessions in ISO week {year}-W{week:02d}, more than {limit}",
                first.info,
                first.session,
                facilitator=fid,
            )


def _concurrency(ctx: _Context) -> Iterator[Violation]:
    spans: dict[str, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for info in ctx.infos:
        if not info.group.sessions:
            continue
        first = min(s.date for s in info.group.sessions)
        last = max(s.date for s in info.group.sessions)
        for fid in {info.group.lead, info.group.co}:
            spans[fid].append((first, last, info.group.id))
    for fid in sorted(spans):
        f = ctx.index.facilitators.get(fid)
        if f is None or f.max_concurrent_groups is None:
            continue
        yield from _concurrency_runs(ctx, fid, spans[fid], f.max_concurrent_groups)


def _concurrency_runs(
    ctx: _Context, fid: str, spans: list[tuple[dt.date, dt.date, str]], limit: int
) -> Iterator[Violation]:
    # Dates before plan_start see only history (new sessions cannot lie there), so they are exempt.
    events: dict[dt.date, list[tuple[int, str]]] = defaultdict(list)
    for first, last, gid in spans:
        first = max(first, ctx.instance.plan_start)
        if first > last:
            continue
        events[first].append((1, gid))
        events[last + dt.timedelta(days=1)].append((-1, gid))
    active: Counter[str] = Counter()
    run: tuple[dt.date, int, set[str]] | None = None  # start, most groups, groups seen
    for day in sorted(events):
        for delta, gid in events[day]:
            active[gid] += delta
            if active[gid] == 0:
                del active[gid]
        count = sum(active.values())
        if count > limit:
            if run is None:
                run = (day, count, set(active))
            else:
                run = (run[0], max(run[1], count), run[2] | set(active))
        elif run is not None:
            yield _concurrency_violation(fid, run, day - dt.timedelta(days=1), limit)
            run = None
    if run is not None:  # cannot happen: every span closes; kept for safety
        yield _concurrency_violation(fid, run, run[0], limit)


def _concurrency_violation(
    fid: str, run: tuple[dt.date, int, set[str]], until: dt.date, limit: int
) -> Violation:
    start, most, gids = run
    return Violation(
        12,
        "facilitator_concurrent_limit",
        f"{fid} is main lead or co of {most} groups at once from {start} to {until} "
        f"({', '.join(sorted(gids))}), more than {limit}",
        facilitator=fid,
        date=start,
    )


def _room_open(ctx: _Context) -> Iterator[Violation]:
    """Hard: a session's room is available at that weekday and daypart and not closed that date."""
    for info in ctx.infos:
        g = info.group
        for s in info.future():
            room = ctx.index.rooms.get(s.room)
            if room is None:
                continue
            if in_any_period(s.date, room.closures):
                yield _v(
                    13, "room_closed", f"{_where(info, s)}: room {s.room} is closed", info, s, room=s.room
                )
            elif room.availability is not None and g.daypart not in room.availability.get(
                weekday_of(s.date), frozenset()
            ):
                yield _v(
                    13,
                    "room_unavailable",
                    f"{_where(info, s)}: room {s.room} is not available on {weekday_of(s.date)} {g.daypart}",
                    info,
                    s,
                    room=s.room,
                )


def _room_capacity(ctx: _Context) -> Iterator[Violation]:
    """Hard: the room seats every member (times seats_per_member) plus the two facilitators."""
    for info in ctx.infos:
        if info.programme is None:
            continue
        n = len(info.group.members)
        for s in info.future():
            room = ctx.index.rooms.get(s.room)
            if room is None or not info.valid_number(s.number):
                continue
            need = info.programme.spec(s.number).seats_per_member * n + 2
            if room.capacity_seats < need:
                yield _v(
                    14,
                    "room_too_small",
                    f"{_where(info, s)}: room {s.room} seats {room.capacity_seats}, {need} needed",
                    info,
                    s,
                    room=s.room,
                )


def _room_sharing(ctx: _Context) -> Iterator[Violation]:
    """Hard: two sessions in one room on one date never overlap and keep room_buffer_minutes between them."""
    buffer = dt.timedelta(minutes=ctx.instance.room_buffer_minutes)
    by_room_day: dict[tuple[str, dt.date], list[_Booking]] = defaultdict(list)
    for info in ctx.infos:
        for s in info.future():
            times = ctx.interval(info, s)
            if times is not None:
                by_room_day[(s.room, s.date)].append(_Booking(times[0], times[1], info, s, False))
    for (rid, _day), items in sorted(by_room_day.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(items) < 2:
            continue
        items.sort(key=lambda b: (b.start, b.end))
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if b.start < a.end:
                    yield _v(
                        15,
                        "room_double_booked",
                        f"room {rid}: {_where(a.info, a.session)} and {_where(b.info, b.session)} overlap",
                        b.info,
                        b.session,
                        room=rid,
                    )
                elif b.start - a.end < buffer:
                    gap = int((b.start - a.end).total_seconds() // 60)
                    yield _v(
                        15,
                        "room_buffer",
                        f"room {rid}: only {gap} minutes between {_where(a.info, a.session)} and "
                        f"{_where(b.info, b.session)}, {ctx.instance.room_buffer_minutes} needed",
                        b.info,
                        b.session,
                        room=rid,
                    )


def _published(ctx: _Context) -> Iterator[Violation]:
    """Hard: a published group keeps its identity, remaining members and history, and is not dropped."""
    ix = ctx.index
    present = {g.id for g in ctx.groups}
    for p in ctx.instance.published:
        if p.id not in present and any(cid in ix.clients for cid in p.members):
            yield Violation(
                16,
                "published_group_missing",
                f"published group {p.id} still has members but is not in the plan",
                group=p.id,
            )
    for info in ctx.infos:
        kept = info.published
        if kept is None:
            continue
        yield from _published_kept(ctx, info, kept)


def _published_kept(ctx: _Context, info: _GroupInfo, p: PublishedGroup) -> Iterator[Violation]:
    ix = ctx.index
    g = info.group
    for name in ("programme", "location", "language", "weekday", "daypart", "lead", "co"):
        if getattr(g, name) != getattr(p, name):
            yield _v(
                16,
                "published_identity_changed",
                f"published group {g.id}: {name} changed from {getattr(p, name)} to {getattr(g, name)}",
                info,
            )
    members = set(g.members)
    for cid in p.members:
        if cid in ix.clients and cid not in members:
            yield _v(
                16,
                "published_member_dropped",
                f"published group {g.id}: member {cid} was dropped",
                info,
                client=cid,
            )
    for ps in p.sessions:
        if ps.number not in info.history:
            continue
        s = info.by_number.get(ps.number)
        if s is None:
            yield _v(
                16,
                "history_changed",
                f"published group {g.id}: history session {ps.number} ({ps.date}) is missing",
                info,
            )
            continue
        changed = [
            f"{name} {getattr(ps, name)} -> {getattr(s, name)}"
            for name in ("date", "room", "lead", "co")
            if getattr(ps, name) != getattr(s, name)
        ]
        if not ctx.times_ok(info, s):
            changed.append(f"times {s.start.isoformat()}..{s.end.isoformat()}")
        if changed:
            yield _v(
                16,
                "history_changed",
                f"published group {g.id}: history session {ps.number} changed ({'; '.join(changed)})",
                info,
                s,
            )


HARD_RULES: tuple[HardRule, ...] = (
    HardRule(1, "series", _series),
    HardRule(2, "slot", _slot),
    HardRule(3, "size", _size),
    HardRule(4, "anchor_spread", _spread),
    HardRule(5, "windows", _windows),
    HardRule(6, "calendar", _calendar),
    HardRule(7, "member_fit", _member_fit),
    HardRule(8, "one_group", _one_group),
    HardRule(9, "qualified", _qualified),
    HardRule(10, "facilitator_available", _facilitator_available),
    HardRule(11, "language", _language),
    HardRule(12, "workload", _workload),
    HardRule(13, "room_open", _room_open),
    HardRule(14, "room_capacity", _room_capacity),
    HardRule(15, "room_sharing", _room_sharing),
    HardRule(16, "published", _published),
)
STRUCTURE_DESCRIPTION = (_structure.__doc__ or "").strip()


# Every violation code, with its rule and a plain description (what the web app translates).
CODES: Mapping[str, tuple[int, str]] = {
    "instance_mismatch": (STRUCTURE, "the plan is for another instance"),
    "penalty_not_sum": (STRUCTURE, "the penalty is not the sum of its breakdown"),
    "lower_bound_above_penalty": (STRUCTURE, "the lower bound is above the penalty"),
    "optimal_not_proven": (STRUCTURE, "status optimal without a lower bound equal to the penalty"),
    "duplicate_group_id": (STRUCTURE, "two groups share an id"),
    "unknown_programme": (STRUCTURE, "a group's programme is not in the instance"),
    "unknown_location": (STRUCTURE, "a group's location is not in the instance"),
    "unknown_daypart": (STRUCTURE, "a group's daypart is not in the instance"),
    "unknown_weekday": (STRUCTURE, "a group's weekday is not mon..sun"),
    "unknown_facilitator": (STRUCTURE, "a lead or co is not a facilitator of the instance"),
    "unknown_client": (STRUCTURE, "a member or unplaced client is not a client of the instance"),
    "unknown_room": (STRUCTURE, "a session's room is not in the instance"),
    "time_without_offset": (STRUCTURE, "a session's start or end has no UTC offset"),
    "wrong_utc_offset": (STRUCTURE, "a session's start or end has another UTC offset than the one in force"),
    "client_missing": (STRUCTURE, "a client is neither in a group nor listed as unplaced"),
    "client_grouped_and_unplaced": (STRUCTURE, "a client is in a group and also listed as unplaced"),
    "client_unplaced_twice": (STRUCTURE, "a client is listed as unplaced more than once"),
    "unplaced_without_reason": (STRUCTURE, "an unplaced client has no reason"),
    "session_missing": (1, "a session of the programme is missing"),
    "session_duplicated": (1, "a session number appears more than once"),
    "session_number_invalid": (1, "a session number is not one of the programme's"),
    "sessions_not_increasing": (1, "a session is not after the one before it"),
    "sessions_too_close": (1, "two sessions are closer than min_days_between_sessions"),
    "wrong_weekday": (2, "a session is not on the group's weekday"),
    "wrong_times": (2, "a session is not at the group's daypart times"),
    "room_wrong_location": (2, "a session's room is at another location than the group"),
    "group_too_small": (3, "a new group has fewer members than the programme's minimum"),
    "group_too_large": (3, "a group has more members than the programme's maximum"),
    "anchor_spread_too_wide": (4, "the members' due or birth dates are too far apart"),
    "outside_window": (5, "a session is outside its window"),
    "before_plan_start": (6, "a session is before the plan's start"),
    "closed_date": (6, "a session is on a closed date"),
    "after_horizon": (6, "a new group's first session is after the horizon"),
    "wrong_programme": (7, "a member is in another programme"),
    "language_not_spoken": (7, "a member does not speak the group's language"),
    "location_not_acceptable": (7, "a member does not accept the group's location"),
    "daypart_not_acceptable": (7, "a member does not accept the group's daypart"),
    "weekday_not_acceptable": (7, "a member does not accept the group's weekday"),
    "available_too_late": (7, "a member is available only after the last session one may join"),
    "join_closed": (7, "a client joins a published group after the last session one may join took place"),
    "client_in_two_groups": (8, "a client is in more than one group"),
    "client_listed_twice": (8, "a client is listed twice in one group"),
    "same_lead_and_co": (9, "one person is both lead and co of a session"),
    "lead_not_qualified": (9, "a session's lead may not lead the programme"),
    "co_not_qualified": (9, "a session's co may not co-facilitate the programme"),
    "main_same_lead_and_co": (9, "one person is both main lead and main co of a new group"),
    "main_lead_not_qualified": (9, "a new group's main lead may not lead the programme"),
    "main_co_not_qualified": (9, "a new group's main co may not co-facilitate the programme"),
    "main_facilitator_wrong_location": (9, "a new group's main lead or co does not work at its location"),
    "main_facilitator_unavailable": (
        9,
        "a new group's main lead or co is not available at its weekday and daypart",
    ),
    "main_language_not_covered": (9, "a new group's main lead and co do not cover its language"),
    "facilitator_wrong_location": (10, "a session's lead or co does not work at the location"),
    "facilitator_unavailable": (10, "a session's lead or co is not available at that weekday and daypart"),
    "facilitator_absent": (10, "a session's lead or co is absent that date"),
    "language_not_covered": (11, "a session's lead and co do not cover the group's language"),
    "facilitator_double_booked": (12, "a facilitator is in two sessions at once"),
    "facilitator_week_limit": (12, "a facilitator has more sessions in a week than allowed"),
    "facilitator_concurrent_limit": (
        12,
        "a facilitator is main lead or co of more groups at once than allowed",
    ),
    "room_unavailable": (13, "a room is not available at that weekday and daypart"),
    "room_closed": (13, "a room is closed that date"),
    "room_too_small": (14, "a room has too few seats"),
    "room_double_booked": (15, "two sessions are in one room at once"),
    "room_buffer": (15, "two sessions in one room are closer than the room buffer"),
    "published_group_missing": (16, "a published group with members is left out"),
    "published_identity_changed": (
        16,
        "a published group's programme, place, language, slot, lead or co changed",
    ),
    "published_member_dropped": (16, "a remaining member of a published group was dropped"),
    "history_changed": (16, "a session that took place was changed"),
}


# ---------------------------------------------------------------- SPEC 4: penalty terms


TermCount = Callable[[_Context], int]


@dataclass(frozen=True)
class PenaltyTerm:
    """A penalty term of SPEC section 4: `count` gives its unweighted units for a plan."""

    name: str
    count: TermCount

    @property
    def description(self) -> str:
        return (self.count.__doc__ or "").strip().splitlines()[0]


def _unplaced(ctx: _Context) -> int:
    """Penalty: per client in no group."""
    if ctx.unplaced_ids is not None:
        return len(ctx.unplaced_ids)
    grouped = {cid for g in ctx.groups for cid in g.members}
    return sum(1 for c in ctx.instance.clients if c.id not in grouped)


def _below_target(ctx: _Context) -> int:
    """Penalty: per member a group has fewer than its programme's target."""
    return sum(
        max(0, info.programme.group_size.target - len(info.group.members))
        for info in ctx.infos
        if info.programme is not None
    )


def _timing(ctx: _Context) -> int:
    """Penalty: per day between a future session's date and its ideal date."""
    total = 0
    for info in ctx.infos:
        if info.programme is None or info.references is None:
            continue
        for s in info.future():
            if info.valid_number(s.number):
                ideal = session_window(info.programme.spec(s.number), info.references)[0]
                total += abs((s.date - ideal).days)
    return total


def _daypart_preference(ctx: _Context) -> int:
    """Penalty: per member, the position of the group's daypart in the member's preferred dayparts."""
    return sum(c.daypart_rank(info.group.daypart) for info in ctx.infos for c in info.members)


def _location_preference(ctx: _Context) -> int:
    """Penalty: per member, the position of the group's location in the member's preferred locations."""
    return sum(c.location_rank(info.group.location) for info in ctx.infos for c in info.members)


def _substitute(ctx: _Context) -> int:
    """Penalty: per future session whose lead, and again whose co, is not the group's own."""
    return sum(
        (s.lead != info.group.lead) + (s.co != info.group.co) for info in ctx.infos for s in info.future()
    )


def _room_change(ctx: _Context) -> int:
    """Penalty: per future session in another room than the group's session 1."""
    total = 0
    for info in ctx.infos:
        first = info.by_number.get(1)
        if first is not None:
            total += sum(1 for s in info.future() if s.room != first.room)
    return total


def _room_cost(ctx: _Context) -> int:
    """Penalty: per future session, its room's cost_per_session."""
    rooms = ctx.index.rooms
    return sum(rooms[s.room].cost_per_session for info in ctx.infos for s in info.future() if s.room in rooms)


def _published_change(ctx: _Context) -> int:
    """Penalty: per changed field (date, room, lead, co) of a published future session; 4 if it disappears."""
    in_plan: dict[str, _GroupInfo] = {}
    for info in ctx.infos:
        in_plan.setdefault(info.group.id, info)
    total = 0
    for p in ctx.instance.published:
        kept = in_plan.get(p.id)
        for ps in p.sessions:
            if ps.date < ctx.instance.plan_start:
                continue
            s = kept.by_number.get(ps.number) if kept is not None else None
            if s is None:
                total += CANCELLED_SESSION_FIELDS
            else:
                total += (s.date != ps.date) + (s.room != ps.room) + (s.lead != ps.lead) + (s.co != ps.co)
    return total


PENALTY_TERMS: tuple[PenaltyTerm, ...] = (
    PenaltyTerm("unplaced", _unplaced),
    PenaltyTerm("below_target", _below_target),
    PenaltyTerm("timing", _timing),
    PenaltyTerm("daypart_preference", _daypart_preference),
    PenaltyTerm("location_preference", _location_preference),
    PenaltyTerm("substitute", _substitute),
    PenaltyTerm("room_change", _room_change),
    PenaltyTerm("room_cost", _room_cost),
    PenaltyTerm("published_change", _published_change),
)
assert tuple(t.name for t in PENALTY_TERMS) == TERM_NAMES


# ---------------------------------------------------------------- entry points


def _units(ctx: _Context) -> dict[str, int]:
    return {term.name: term.count(ctx) for term in PENALTY_TERMS}


def _weighted(instance: Instance, units: Mapping[str, int]) -> dict[str, int]:
    return {name: units[name] * instance.weights.get(name, DEFAULT_WEIGHTS[name]) for name in TERM_NAMES}


def penalty_units(
    instance: Instance, groups: Sequence[PlanGroup], unplaced_ids: Iterable[str] | None = None
) -> dict[str, int]:
    """Each term's unweighted count (days, members, sessions, fields...) for these groups."""
    return _units(_Context(instance, groups, unplaced_ids=unplaced_ids))


def penalty_breakdown(
    instance: Instance, groups: Sequence[PlanGroup], unplaced_ids: Iterable[str] | None = None
) -> dict[str, int]:
    """All nine terms of SPEC 4, weighted, for a (candidate) plan made of `groups`.

    `unplaced` counts the distinct `unplaced_ids` when given, else the instance's clients that
    are in none of `groups`.
    """
    return _weighted(instance, penalty_units(instance, groups, unplaced_ids))


def penalty_of(
    instance: Instance, groups: Sequence[PlanGroup], unplaced_ids: Iterable[str] | None = None
) -> int:
    return sum(penalty_breakdown(instance, groups, unplaced_ids).values())


def _run_rules(ctx: _Context, rules: Iterable[HardRule] = HARD_RULES) -> list[Violation]:
    violations = list(_structure(ctx))
    for rule in rules:
        violations.extend(rule.check(ctx))
    return violations


def violations_for(
    instance: Instance,
    groups: Sequence[PlanGroup],
    unplaced: Sequence[Unplaced] | None = None,
    *,
    rules: Iterable[int] | None = None,
) -> tuple[Violation, ...]:
    """Every broken rule (and structure problem) of a plan made of `groups`, for hand edits.

    Without `unplaced`, clients in no group are not reported (they are taken as unplaced).
    `rules` limits the check to those rule numbers (structure problems are always reported).
    """
    chosen = HARD_RULES if rules is None else tuple(r for r in HARD_RULES if r.number in set(rules))
    return tuple(_run_rules(_Context(instance, groups, unplaced), chosen))


def _claims(instance: Instance, plan: Plan) -> Iterator[Violation]:
    """Structure: the plan names its instance and its penalty, bound and status are coherent."""
    if plan.instance != instance.name:
        yield Violation(
            STRUCTURE, "instance_mismatch", f"plan is for instance '{plan.instance}', not '{instance.name}'"
        )
    claimed_sum = sum(plan.penalty_breakdown.values())
    if plan.penalty != claimed_sum:
        yield Violation(
            STRUCTURE,
            "penalty_not_sum",
            f"penalty {plan.penalty} is not the sum of its breakdown ({claimed_sum})",
        )
    if plan.lower_bound is not None and plan.lower_bound > plan.penalty:
        yield Violation(
            STRUCTURE,
            "lower_bound_above_penalty",
            f"lower_bound {plan.lower_bound:g} is above the penalty {plan.penalty}",
        )
    if plan.status == "optimal" and plan.lower_bound != plan.penalty:
        yield Violation(
            STRUCTURE,
            "optimal_not_proven",
            f"status optimal needs lower_bound equal to the penalty {plan.penalty}, got {plan.lower_bound}",
        )


def check(instance: Instance, plan: Plan) -> CheckReport:
    """Check a plan against SPEC sections 2-4: every broken rule, the penalty and its breakdown."""
    ctx = _Context(instance, plan.groups, plan.unplaced)
    violations = list(_claims(instance, plan)) + _run_rules(ctx)
    breakdown = _weighted(instance, _units(ctx))
    return CheckReport(
        violations=tuple(violations),
        breakdown=breakdown,
        penalty=sum(breakdown.values()),
        status=plan.status,
        claimed_penalty=plan.penalty,
        claimed_breakdown=dict(plan.penalty_breakdown),
    )


def describe_rules() -> list[tuple[int, str]]:
    """(number, one-line description) of every hard rule, in SPEC order, for explaining a plan."""
    return [(rule.number, rule.description) for rule in HARD_RULES]
