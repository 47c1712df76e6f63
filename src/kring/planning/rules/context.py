"""Results (Violation, CheckReport) and what every rule looks at (the plan's groups, indexed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from kring.planning.model import PENALTY_TERMS as TERM_NAMES
from kring.planning.model import (
    Client,
    Daypart,
    Facilitator,
    Instance,
    Location,
    PlanGroup,
    PlanSession,
    Programme,
    PublishedGroup,
    Room,
    Unplaced,
    reference_dates,
)

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
