"""Seeded generator of realistic planning instances, for the demo, tests and benchmarks.

`generate("S" | "M" | "L" | "XS", seed)` builds an `Instance` of one of the scales of SPEC
section 6: a midwifery practice (S), a city with CZ and CO (M), a regional JGZ organisation
with its midwifery partners (L), and a tiny one for property tests (XS). What makes them
realistic, and hard in the right places:

- Dutch closed dates (`defaults.dutch_closed_dates`), summer absences of two or three weeks,
  rooms that close in summer or are free only on some dayparts;
- clients with evening-only or weekday-restricted wishes, late intakes, a few too far along
  for a new group, and language communities (Turkish and Arabic neighbourhoods, a monthly
  online Tigrinya group with a Tigrinya-speaking culture mediator as co);
- groups already published and running, with history before `plan_start`, and one member who
  has since left;
- facilitator concurrency limits (midwives 2-4 CZ groups, JGZ nurses 6-12 CO groups) that make
  facilitators, not rooms, the scarce resource at M and L.

The same scale and seed always give the same instance: all randomness comes from
`random.Random` streams seeded with the scale, the seed and a part name. Every published group
is valid as published, so every instance has a valid plan (publish nothing new).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from kring.planning import defaults
from kring.planning.model import (
    DEFAULT_WEIGHTS,
    WEEKDAYS,
    Client,
    DaypartId,
    Facilitator,
    FacilitatorId,
    Instance,
    Location,
    LocationId,
    Period,
    Plan,
    Programme,
    PublishedGroup,
    PublishedSession,
    Room,
    Weekday,
    reference_dates,
    session_window,
)

WORKDAYS: tuple[Weekday, ...] = WEEKDAYS[:5]
DAYPART_IDS: tuple[DaypartId, ...] = tuple(d.id for d in defaults.DAYPARTS)
ONLINE: LocationId = "ONL"
DEFAULT_PLAN_START = dt.date(2027, 1, 4)  # a Monday; fixed so that a seed means one instance


@dataclass(frozen=True)
class Community:
    """Clients who share a language other than Dutch, and the facilitators who speak it.

    `share` is the fraction of a programme's clients; `only_share` of them speak nothing else
    (the rest also Dutch). `homes` are indices of physical locations where they live (modulo
    the number of locations); `online_share` of them want the online location only.
    """

    language: str
    share: float
    only_share: float
    homes: tuple[int, ...]
    programmes: tuple[str, ...] = ("CZ", "CO")
    online_share: float = 0.0
    midwives: int = 0  # CZ leads who speak the language
    nurses: int = 0  # CO leads who speak it
    mediators: int = 0  # co-facilitators (interpreters, culture mediators) for CZ and CO
    time_clusters: int = 0  # anchors in this many four-week clusters (0: spread over the year)


@dataclass(frozen=True)
class Scale:
    """Everything that sets the size and character of a generated instance."""

    name: str
    cz_clients: int
    co_clients: int
    locations: int  # physical locations
    rooms: int  # physical rooms, spread over the locations
    online_rooms: int  # virtual rooms at the online location (0: no online location)
    midwives: int  # lead CZ, may co CZ
    nurses: int  # JGZ nurses and doctors: lead CO, may co CO
    cz_cos: int  # maternity carers, practice assistants, doulas
    co_cos: int  # clinic assistants
    both_cos: int  # doctor's assistants, interpreters: co CZ and CO
    english_share: float = 0.3  # clients who also speak English
    english_only_share: float = 0.03
    communities: tuple[Community, ...] = ()
    published_cz: int = 0
    published_co: int = 0
    horizon_days: int = 543
    anchor_span_days: int = 365  # CZ due dates and CO birth dates spread over this many days
    too_far_along: int = 0  # CZ clients due too soon for a new group at plan_start
    staff_slots: tuple[int, int] | None = None  # location slots each facilitator offers (None: by role)
    absence_weeks: tuple[int, int] = (2, 3)  # length of the summer holiday
    staff_reach: float = 0.45  # chance that a facilitator also works at a neighbouring location
    client_reach: float = 0.25  # chance that a client also accepts a neighbouring location
    evening_share: float = 0.08
    weekday_restricted_share: float = 0.15
    max_concurrent: dict[str, tuple[int, int]] = field(
        default_factory=lambda: {"midwife": (2, 4), "nurse": (6, 12), "cz_co": (3, 6),
                                 "co_co": (8, 12), "both_co": (5, 8)})


SCALES: dict[str, Scale] = {
    "XS": Scale(
        name="XS", cz_clients=12, co_clients=0, locations=1, rooms=1, online_rooms=0,
        midwives=2, nurses=0, cz_cos=2, co_cos=0, both_cos=0, english_only_share=0.0,
        horizon_days=300, anchor_span_days=35, evening_share=0.0, weekday_restricted_share=0.1,
        staff_slots=(3, 6), absence_weeks=(1, 2),
    ),
    "S": Scale(
        name="S", cz_clients=150, co_clients=0, locations=2, rooms=2, online_rooms=0,
        midwives=4, nurses=0, cz_cos=3, co_cos=0, both_cos=0, english_only_share=0.0,
        communities=(Community("en", 0.07, 1.0, (0,), programmes=("CZ",), midwives=1, time_clusters=2),),
        published_cz=1, too_far_along=4, weekday_restricted_share=0.07, staff_reach=0.8, client_reach=0.6,
    ),
    "M": Scale(
        name="M", cz_clients=1200, co_clients=800, locations=4, rooms=10, online_rooms=2,
        midwives=14, nurses=11, cz_cos=6, co_cos=5, both_cos=4,
        communities=(
            Community("tr", 0.12, 0.5, (1, 2), midwives=2, nurses=1, mediators=2),
            Community("ar", 0.10, 0.5, (1, 2), online_share=0.3, nurses=1, mediators=1),
        ),
        published_cz=2, published_co=1, horizon_days=727, too_far_along=12,
    ),
    "L": Scale(
        name="L", cz_clients=6000, co_clients=4000, locations=29, rooms=56, online_rooms=4,
        midwives=90, nurses=60, cz_cos=35, co_cos=25, both_cos=20,
        communities=(
            Community("tr", 0.08, 0.5, (3, 4, 11, 12, 20), midwives=6, nurses=4, mediators=4),
            Community("ar", 0.07, 0.5, (3, 5, 11, 13, 21), online_share=0.3, midwives=2, nurses=4,
                      mediators=4),
            Community("ti", 0.02, 1.0, (), programmes=("CZ",), online_share=1.0, mediators=2),
        ),
        published_cz=8, published_co=4, too_far_along=40,
    ),
}

_LOCATION_NAMES = {
    "S": ("Praktijk De Linde", "Wijkcentrum Noord"),
    "M": ("Centrum", "Oost", "West", "Zuid"),
}
_TOWNS = (
    "Amersfoort", "Barneveld", "Bunschoten", "Ede", "Harderwijk", "Leusden", "Nijkerk", "Putten",
    "Renswoude", "Scherpenzeel", "Soest", "Veenendaal", "Wageningen", "Woudenberg", "Baarn",
    "Zeist", "De Bilt", "Houten", "IJsselstein", "Nieuwegein", "Utrecht Overvecht",
    "Utrecht Kanaleneiland", "Utrecht Leidsche Rijn", "Vianen", "Woerden", "Montfoort",
    "Lopik", "Rhenen", "Doorn", "Driebergen", "Maarssen", "Breukelen",
)
_FIRST_NAMES = (
    "Anna", "Bram", "Carmen", "Dirk", "Els", "Fatima", "Gerda", "Hatice", "Inge", "Jasper",
    "Karin", "Lotte", "Merel", "Nadia", "Oscar", "Priya", "Quinta", "Rachida", "Sanne", "Tom",
    "Ufuk", "Vera", "Wendy", "Xandra", "Yusuf", "Zeynep", "Femke", "Mila", "Noor", "Saba",
)
_SURNAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos",
    "Peters", "Hendriks", "Dekker", "Kok", "Brouwer", "van Leeuwen", "de Wit", "Kaya",
    "El Amrani", "Bouzid", "Tesfay", "Yilmaz", "Haile",
)
_ROLE_NAMES = {
    "midwife": "verloskundige", "nurse": "jeugdverpleegkundige", "cz_co": "kraamverzorgende",
    "co_co": "CB-assistent", "both_co": "doktersassistent", "mediator": "tolk/cultuurmediator",
}


def generate(scale: str | Scale, seed: int = 0, *, plan_start: dt.date | None = None) -> Instance:
    """A realistic instance of `scale` ("XS", "S", "M", "L" or a `Scale`), the same for a seed."""
    chosen = SCALES[scale] if isinstance(scale, str) else scale
    return _Builder(chosen, seed, plan_start or DEFAULT_PLAN_START).build()


def add_absence(instance: Instance, facilitator_id: FacilitatorId, start: dt.date, days: int) -> Instance:
    """The instance with a new absence of `days` days from `start` (inclusive) for one facilitator."""
    if days < 1:
        raise ValueError("an absence lasts at least one day")
    period = Period(start, start + dt.timedelta(days=days - 1))
    facilitators = tuple(
        replace(f, absences=tuple(sorted((*f.absences, period), key=lambda p: (p.first, p.last))))
        if f.id == facilitator_id else f
        for f in instance.facilitators
    )
    if facilitators == instance.facilitators:
        raise KeyError(f"no facilitator '{facilitator_id}'")
    return replace(instance, facilitators=facilitators)


def with_plan_published(instance: Instance, plan: Plan) -> Instance:
    """The instance after the coordinator published `plan`: every group of it is a published group.

    Clients the plan left unplaced are still waiting; `plan_start` stays, so sessions dated
    before it remain history and every other session is an announced future session.
    """
    groups = tuple(
        PublishedGroup(
            id=g.id, programme=g.programme, location=g.location, language=g.language,
            weekday=g.weekday, daypart=g.daypart, lead=g.lead, co=g.co, members=g.members,
            sessions=tuple(PublishedSession(s.number, s.date, s.room, s.lead, s.co) for s in g.sessions),
        )
        for g in plan.groups if g.members
    )
    return replace(instance, name=f"{instance.name}-published", published=groups)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


@dataclass
class _Slot:
    weekday: Weekday
    daypart: DaypartId


class _Builder:
    def __init__(self, scale: Scale, seed: int, plan_start: dt.date):
        self.scale = scale
        self.seed = seed
        self.plan_start = plan_start
        self.horizon_end = plan_start + dt.timedelta(days=scale.horizon_days)
        # History of published groups starts up to a year before plan_start; CZ session 10 and
        # CO session 8 of the last groups run well into the year after horizon_end.
        self.closed = defaults.closed_dates_between(plan_start.year - 1, self.horizon_end.year + 1)
        self.programmes: tuple[Programme, ...] = tuple(
            p for p in defaults.PROGRAMMES
            if (p.id == "CZ" and scale.cz_clients) or (p.id == "CO" and scale.co_clients)
        )
        self.locations: list[Location] = []
        self.physical: list[LocationId] = []
        self.weights: dict[LocationId, float] = {}
        self.slots: dict[LocationId, list[tuple[Weekday, DaypartId]]] = {}
        self.rooms: list[Room] = []
        self.facilitators: list[Facilitator] = []
        self.clients: list[Client] = []
        self.published: list[PublishedGroup] = []
        self._client_number = 0
        self._id_width = max(3, len(str(scale.cz_clients + scale.co_clients + 10)))

    def rng(self, part: str) -> random.Random:
        """An independent stream per part, so changing one part leaves the others alone."""
        return random.Random(f"{self.scale.name}:{self.seed}:{part}")

    def build(self) -> Instance:
        self._locations()
        self._rooms()
        self._facilitators()
        self._published()
        self._clients()
        self.clients.sort(key=lambda c: c.id)
        return Instance(
            name=f"synthetic-{self.scale.name.lower()}-{self.seed}",
            timezone="Europe/Amsterdam",
            plan_start=self.plan_start,
            horizon_end=self.horizon_end,
            dayparts=defaults.DAYPARTS,
            programmes=self.programmes,
            locations=tuple(self.locations),
            rooms=tuple(self.rooms),
            facilitators=tuple(self.facilitators),
            clients=tuple(self.clients),
            closed_dates=self.closed,
            room_buffer_minutes=defaults.ROOM_BUFFER_MINUTES,
            published=tuple(self.published),
            weights=dict(DEFAULT_WEIGHTS),
        )

    # ------------------------------------------------------------ places

    def _locations(self) -> None:
        rng = self.rng("locations")
        names = _LOCATION_NAMES.get(self.scale.name, _TOWNS)
        for index in range(self.scale.locations):
            lid = f"L{index + 1}"
            name = names[index] if index < len(names) else f"Locatie {index + 1}"
            self.locations.append(Location(lid, name, False))
            self.physical.append(lid)
            # Population: how many clients live near this location.
            self.weights[lid] = rng.uniform(0.6, 1.4)
        if self.scale.online_rooms:
            self.locations.append(Location(ONLINE, "Online", True))

    def _neighbours(self, lid: LocationId) -> list[LocationId]:
        """Locations next to `lid` on a ring (regions in L, districts in M)."""
        n = len(self.physical)
        if n == 1 or lid == ONLINE:
            return []
        i = self.physical.index(lid)
        near = [self.physical[(i + 1) % n], self.physical[(i - 1) % n]]
        return list(dict.fromkeys(x for x in near if x != lid))

    def _rooms(self) -> None:
        rng = self.rng("rooms")
        counts = self._spread(self.scale.rooms, self.physical)
        for lid in self.physical:
            # The weekday dayparts this location reserves for group care; facilitators who work
            # here mostly offer these.
            slots = sorted(rng.sample([(d, p) for d in WORKDAYS for p in ("morning", "afternoon")],
                                      rng.randint(3, 5)), key=self._slot_key)
            if rng.random() < 0.75:
                slots.append((rng.choice(("tue", "wed", "thu")), "evening"))
            self.slots[lid] = sorted(set(slots), key=self._slot_key)
            for k in range(counts[lid]):
                rid = f"R{lid[1:]}-{k + 1}"
                if k == 0:
                    capacity = rng.choice((26, 28, 30))
                    cost = rng.choice((35, 40, 45))
                    availability = None if rng.random() < 0.5 else {
                        d: frozenset(DAYPART_IDS) for d in WORKDAYS}
                else:
                    capacity = rng.choice((18, 20, 22, 24, 26, 28))
                    cost = rng.choice((20, 25, 30, 35))
                    chosen = rng.sample([(d, p) for d in WORKDAYS for p in DAYPART_IDS], rng.randint(3, 7))
                    chosen += rng.sample(self.slots[lid], min(2, len(self.slots[lid])))
                    availability = self._availability(chosen)
                # A location's main room stays open in summer; a side room may close for a few weeks.
                closures = self._summers(rng, weeks=(2, 3)) if k > 0 and rng.random() < 0.4 else ()
                self.rooms.append(Room(rid, lid, capacity, cost, availability, closures))
        for k in range(self.scale.online_rooms):
            every = {d: frozenset(DAYPART_IDS) for d in WORKDAYS}
            self.rooms.append(Room(f"V{k + 1}", ONLINE, 40, 0, every, ()))

    @staticmethod
    def _slot_key(slot: tuple[Weekday, DaypartId]) -> tuple[int, int]:
        return WEEKDAYS.index(slot[0]), DAYPART_IDS.index(slot[1])

    @staticmethod
    def _availability(slots: Sequence[tuple[Weekday, DaypartId]]) -> dict[Weekday, frozenset[DaypartId]]:
        result: dict[Weekday, set[DaypartId]] = {}
        for day, part in slots:
            result.setdefault(day, set()).add(part)
        return {d: frozenset(result[d]) for d in WEEKDAYS if d in result}

    def _spread(self, total: int, over: list[LocationId]) -> dict[LocationId, int]:
        """`total` items over locations, at least one each where possible, more where more live."""
        counts = {lid: 0 for lid in over}
        if not over:
            return counts
        order = sorted(over, key=lambda lid: -self.weights.get(lid, 1.0))
        for i in range(total):
            if i < len(over):
                counts[order[i]] += 1
            else:
                # The location with the most people per item gets the next one.
                best = max(order, key=lambda lid: self.weights.get(lid, 1.0) / (counts[lid] + 1))
                counts[best] += 1
        return counts

    def _summers(self, rng: random.Random, weeks: tuple[int, int]) -> tuple[Period, ...]:
        """One holiday of a few weeks (Monday to Friday) in every summer of the horizon."""
        periods = []
        for year in range(self.plan_start.year, self.horizon_end.year + 2):
            start = _monday_on_or_after(dt.date(year, 7, 1)) + dt.timedelta(weeks=rng.randint(0, 6))
            length = rng.randint(*weeks)
            periods.append(Period(start, start + dt.timedelta(days=7 * length - 3)))
        return tuple(periods)

    # ------------------------------------------------------------ people

    def _facilitators(self) -> None:
        rng = self.rng("facilitators")
        s = self.scale
        roles: list[tuple[str, list[str], list[str]]] = (
            [("midwife", ["CZ"], ["CZ"])] * s.midwives
            + [("nurse", ["CO"], ["CO"])] * s.nurses
            + [("cz_co", [], ["CZ"])] * s.cz_cos
            + [("co_co", [], ["CO"])] * s.co_cos
            + [("both_co", [], sorted(p.id for p in self.programmes))] * s.both_cos
        )
        homes: dict[str, list[LocationId]] = {}
        for role in ("midwife", "nurse", "cz_co", "co_co", "both_co"):
            count = sum(1 for r in roles if r[0] == role)
            spread = self._spread(count, self.physical)
            homes[role] = [lid for lid in self.physical for _ in range(spread[lid])]
            rng.shuffle(homes[role])
        # Which facilitators speak a community's language: chosen among those living nearby.
        extra_languages: dict[int, set[str]] = {}
        mediators: set[int] = set()
        home_of: list[LocationId] = []
        for role, _, _ in roles:
            home_of.append(homes[role].pop())
        for community in s.communities:
            nearby = {self.physical[h % len(self.physical)] for h in community.homes}
            for role, count in (("midwife", community.midwives), ("nurse", community.nurses),
                                ("both_co", community.mediators)):
                candidates = [i for i, r in enumerate(roles) if r[0] == role]
                candidates.sort(key=lambda i: (home_of[i] not in nearby, rng.random()))
                chosen = [i for i in candidates if community.language not in extra_languages.get(i, set())]
                for i in chosen[:count]:
                    extra_languages.setdefault(i, set()).add(community.language)
                    if role == "both_co":
                        mediators.add(i)
        width = max(3, len(str(len(roles))))
        for index, (role, can_lead, can_co) in enumerate(roles):
            home = home_of[index]
            online_language = any(
                c.language in extra_languages.get(index, ()) and c.online_share > 0 for c in s.communities)
            locations = [home]
            for near in self._neighbours(home):
                if rng.random() < s.staff_reach:
                    locations.append(near)
            if self.scale.online_rooms and (rng.random() < 0.3 or online_language):
                locations.append(ONLINE)
            languages = {"nl"} | extra_languages.get(index, set())
            if rng.random() < (0.65 if role in ("midwife", "nurse") else 0.5):
                languages.add("en")
            busy_role = "mediator" if index in mediators else role
            availability = self._weekly(rng, home, role)
            if ONLINE in locations and index in mediators:
                # The online language group meets in the evening, when the mediator is free.
                availability.setdefault("tue", set()).add("evening")
            low, high = s.max_concurrent[role]
            per_week = {"midwife": (2, 4), "nurse": (4, 6)}.get(role, (3, 5))
            absences = list(self._summers(rng, weeks=s.absence_weeks))
            if rng.random() < 0.2:
                offset = dt.timedelta(days=rng.randint(20, s.horizon_days))
                week = _monday_on_or_after(self.plan_start + offset)
                absences.append(Period(week, week + dt.timedelta(days=4)))
            absences = self._merge(absences)
            name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)} ({_ROLE_NAMES[busy_role]})"
            self.facilitators.append(Facilitator(
                id=f"F{index + 1:0{width}d}", name=name,
                can_lead=frozenset(can_lead), can_co=frozenset(can_co),
                languages=frozenset(languages), locations=frozenset(locations),
                availability={d: frozenset(availability[d]) for d in WEEKDAYS if d in availability},
                absences=tuple(absences),
                max_sessions_per_week=rng.randint(*per_week),
                # Some facilitators in a small practice have no limit (the field is optional).
                max_concurrent_groups=None if s.name in ("XS", "S") and rng.random() < 0.15
                else rng.randint(low, high),
            ))

    def _weekly(self, rng: random.Random, home: LocationId, role: str) -> dict[Weekday, set[DaypartId]]:
        """Mostly the location's group-care dayparts, plus a few of the person's own."""
        local = list(self.slots[home])
        if self.scale.staff_slots is not None:
            take = rng.randint(*self.scale.staff_slots)
        else:
            take = rng.randint(2, 4) if role in ("midwife", "cz_co") else rng.randint(3, 5)
        take = min(len(local), take)
        chosen = rng.sample(local, take)
        for _ in range(rng.randint(0, 2)):
            part = "evening" if rng.random() < 0.2 else rng.choice(("morning", "afternoon"))
            chosen.append((rng.choice(WORKDAYS), part))
        result: dict[Weekday, set[DaypartId]] = {}
        for day, part in chosen:
            result.setdefault(day, set()).add(part)
        return result

    @staticmethod
    def _merge(periods: list[Period]) -> list[Period]:
        merged: list[Period] = []
        for p in sorted(periods, key=lambda p: p.first):
            if merged and p.first <= merged[-1].last + dt.timedelta(days=1):
                merged[-1] = Period(merged[-1].first, max(merged[-1].last, p.last))
            else:
                merged.append(p)
        return merged

    # ------------------------------------------------------------ clients

    def _next_client_id(self) -> str:
        self._client_number += 1
        return f"C{self._client_number:0{self._id_width}d}"

    def _seasonal_day(self, rng: random.Random, first: dt.date, days: int) -> dt.date:
        """A day in [first, first + days) with mild seasonality (more births in late summer)."""
        while True:
            offset = rng.randrange(days)
            day = first + dt.timedelta(days=offset)
            weight = 1.0 + 0.12 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 130) / 365)
            if rng.random() * 1.12 < weight:
                return day

    def _clients(self) -> None:
        rng = self.rng("clients")
        s = self.scale
        budget = {"CZ": s.cz_clients, "CO": s.co_clients}
        for group in self.published:
            budget[group.programme] -= sum(1 for m in group.members if self._has_client(m))
        # Community members first, so that each community gets its share of every programme.
        for programme in self.programmes:
            count = budget[programme.id]
            plain = count
            for community in s.communities:
                if programme.id not in community.programmes:
                    continue
                n = round(count * community.share)
                plain -= n
                anchors = self._community_anchors(rng, programme.id, n, community)
                for anchor in anchors:
                    self._add_client(rng, programme.id, anchor, community)
            too_far = s.too_far_along if programme.id == "CZ" else 0
            for i in range(plain):
                late = i < too_far
                anchor = self._anchor(rng, programme.id, late=late)
                self._add_client(rng, programme.id, anchor, None, too_far_along=late)

    def _has_client(self, cid: str) -> bool:
        return any(c.id == cid for c in self.clients)

    def _anchor_start(self, programme: str) -> dt.date:
        # CZ: due dates from about 26 weeks after plan_start, so that session 1 (week 16) falls
        # from plan_start on; CO: births from a month before plan_start (session 1 at 6 weeks).
        if programme == "CZ":
            return self.plan_start + dt.timedelta(days=180)
        return self.plan_start - dt.timedelta(days=30)

    def _anchor(self, rng: random.Random, programme: str, *, late: bool = False) -> dt.date:
        if late:
            return self.plan_start + dt.timedelta(days=rng.randint(110, 165))
        return self._seasonal_day(rng, self._anchor_start(programme), self.scale.anchor_span_days)

    def _community_anchors(self, rng: random.Random, programme: str, n: int, c: Community) -> list[dt.date]:
        if not c.time_clusters:
            return [self._anchor(rng, programme) for _ in range(n)]
        span = self.scale.anchor_span_days
        starts = sorted(self._anchor_start(programme) + dt.timedelta(days=rng.randrange(max(1, span - 28)))
                        for _ in range(c.time_clusters))
        return [starts[i % len(starts)] + dt.timedelta(days=rng.randint(0, 25)) for i in range(n)]

    def _add_client(self, rng: random.Random, programme: str, anchor: dt.date, community: Community | None,
                    *, too_far_along: bool = False) -> None:
        s = self.scale
        online = False
        if community is not None:
            if community.only_share and rng.random() < community.only_share:
                languages = {community.language}
            else:
                languages = {community.language, "nl"}
            online = bool(self.scale.online_rooms) and rng.random() < community.online_share
            homes = [self.physical[h % len(self.physical)] for h in community.homes] or self.physical
            home = rng.choice(homes)
        else:
            roll = rng.random()
            if roll < s.english_only_share:
                languages = {"en"}
            elif roll < s.english_only_share + s.english_share:
                languages = {"nl", "en"}
            else:
                languages = {"nl"}
            home = rng.choices(self.physical, weights=[self.weights[x] for x in self.physical])[0]
        if online and community is not None and community.online_share >= 1.0:
            locations = [ONLINE]
        elif online:
            locations = [ONLINE, home] if rng.random() < 0.5 else [home, ONLINE]
        else:
            locations = [home]
            for near in self._neighbours(home):
                if rng.random() < s.client_reach:
                    locations.append(near)
            if self.scale.online_rooms and rng.random() < 0.04:
                locations.append(ONLINE)
        dayparts, weekdays = self._wishes(rng)
        available_from = self._intake(rng, programme, anchor)
        self.clients.append(Client(
            id=self._next_client_id(), programme=programme, anchor_date=anchor,
            languages=frozenset(languages), locations=tuple(locations),
            dayparts=dayparts, weekdays=weekdays,
            available_from=None if too_far_along else available_from,
        ))

    def _wishes(self, rng: random.Random) -> tuple[tuple[DaypartId, ...] | None, frozenset[Weekday] | None]:
        s = self.scale
        roll = rng.random()
        dayparts: tuple[DaypartId, ...] | None
        if roll < s.evening_share / 2:
            dayparts = ("evening",)  # working parents: evening only
        elif roll < s.evening_share:
            dayparts = ("evening", "afternoon")
        elif roll < 0.45:
            dayparts = None
        elif roll < 0.75:
            dayparts = ("morning", "afternoon")
        elif roll < 0.9:
            dayparts = ("afternoon", "morning")
        else:
            dayparts = (rng.choice(("morning", "afternoon")),)
        weekdays = None
        if rng.random() < s.weekday_restricted_share:
            weekdays = frozenset(rng.sample(WORKDAYS, rng.randint(2, 4)))
        return dayparts, weekdays

    def _intake(self, rng: random.Random, programme: str, anchor: dt.date) -> dt.date:
        if programme == "CZ":
            # Intake at 8-12 weeks of pregnancy; a few register late (18-22 weeks).
            week = rng.randint(18, 22) if rng.random() < 0.03 else rng.randint(8, 12)
            return anchor - dt.timedelta(days=280 - 7 * week + rng.randint(0, 6))
        # CO: after the maternity week; a few only after two to three months.
        return anchor + dt.timedelta(days=rng.randint(70, 100) if rng.random() < 0.03 else rng.randint(7, 21))

    # ------------------------------------------------------------ published groups

    def _published(self) -> None:
        rng = self.rng("published")
        plans = [("CZ", i) for i in range(self.scale.published_cz)] + [
            ("CO", i) for i in range(self.scale.published_co)]
        busy: set[FacilitatorId] = set()
        booked: set[tuple[str, dt.date, DaypartId]] = set()
        for programme_id, index in plans:
            if programme_id not in {p.id for p in self.programmes}:
                continue
            programme = next(p for p in self.programmes if p.id == programme_id)
            for _attempt in range(20):
                group = self._try_published(rng, programme, index, busy, booked)
                if group is not None:
                    self.published.append(group)
                    break

    def _try_published(
        self, rng: random.Random, programme: Programme, index: int,
        busy: set[FacilitatorId], booked: set[tuple[str, dt.date, DaypartId]],
    ) -> PublishedGroup | None:
        """One running group with some history, valid as published; None if this draw fails."""
        languages = ["nl"] + [c.language for c in self.scale.communities
                              if programme.id in c.programmes and c.homes and c.only_share < 1.0]
        # The second CZ group speaks a community language where there is one.
        language = languages[1] if index == 1 and len(languages) > 1 else "nl"
        if language == "nl":
            location = rng.choice(self.physical)
        else:
            community = next(c for c in self.scale.communities if c.language == language)
            location = self.physical[rng.choice(community.homes) % len(self.physical)]
        if programme.id == "CZ":
            # Group 0 is joinable (session 2 still ahead); the others are further along.
            mid_offset = 150 if index == 0 else rng.randint(60, 130)
        else:
            mid_offset = -rng.randint(40, 200)
        mid = self.plan_start + dt.timedelta(days=mid_offset)
        size = rng.randint(programme.group_size.target - 1, programme.group_size.max - 1)
        # Members count towards the programme's clients; leave at least half for new groups.
        total = self.scale.cz_clients if programme.id == "CZ" else self.scale.co_clients
        used = sum(len(g.members) for g in self.published if g.programme == programme.id)
        size = min(size, (total - used) // 2 if total < 4 * programme.group_size.max else size)
        if size < programme.group_size.min:
            return None
        anchors = sorted(mid + dt.timedelta(days=rng.randint(-12, 12)) for _ in range(size))
        slots = [s for s in self.slots[location]]
        rng.shuffle(slots)
        rooms = [r for r in self.rooms if r.location == location]
        seats = max(spec.seats_per_member for spec in programme.sessions)
        for weekday, daypart in slots:
            dates = self._series(programme, anchors, weekday)
            if dates is None or dates[0] >= self.plan_start:
                continue
            future = [d for d in dates if d >= self.plan_start]
            room = next((r for r in rooms if r.capacity_seats >= seats * size + 2
                         and all(r.is_open(d, daypart) and (r.id, d, daypart) not in booked for d in future)),
                        None)
            if room is None:
                continue
            pair = self._pair(rng, programme.id, location, weekday, daypart, language, future, busy)
            if pair is None:
                continue
            lead, co = pair
            busy.update(pair)
            booked.update((room.id, d, daypart) for d in dates)
            members = []
            for anchor in anchors:
                cid = self._next_client_id()
                members.append(cid)
                self.clients.append(Client(
                    id=cid, programme=programme.id, anchor_date=anchor,
                    languages=frozenset({language, "nl"} if rng.random() < 0.5 else {language}),
                    locations=(location,), dayparts=(daypart,) if rng.random() < 0.3 else None,
                    available_from=dates[0] - dt.timedelta(days=rng.randint(14, 60)),
                ))
            if not self.published:
                # A member of the first group has left since publication: listed in the group, not a client.
                members.append(self._next_client_id())
            return PublishedGroup(
                id=f"P-{programme.id}-{index + 1}", programme=programme.id, location=location,
                language=language, weekday=weekday, daypart=daypart, lead=lead, co=co,
                members=tuple(members),
                sessions=tuple(PublishedSession(k, d, room.id, lead, co)
                               for k, d in enumerate(dates, start=1)),
            )
        return None

    def _series(self, programme: Programme, anchors: list[dt.date], weekday: Weekday) -> list[dt.date] | None:
        """Session dates on `weekday`, each the open day nearest its ideal date in its window."""
        refs = reference_dates(anchors)
        dates: list[dt.date] = []
        for spec in programme.sessions:
            ideal, first, last = session_window(spec, refs)
            if dates:
                first = max(first, dates[-1] + dt.timedelta(days=programme.min_days_between_sessions))
            candidates = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
            candidates = [d for d in candidates if WEEKDAYS[d.weekday()] == weekday and d not in self.closed]
            if not candidates:
                return None
            dates.append(min(candidates, key=lambda d: (abs((d - ideal).days), d)))
        return dates

    def _pair(self, rng: random.Random, programme: str, location: LocationId, weekday: Weekday,
              daypart: DaypartId, language: str, future: list[dt.date],
              busy: set[FacilitatorId]) -> tuple[FacilitatorId, FacilitatorId] | None:
        def free(f: Facilitator) -> bool:
            return (f.id not in busy and location in f.locations and f.available_weekly(weekday, daypart)
                    and not any(f.is_absent(d) for d in future))

        leads = [f for f in self.facilitators if programme in f.can_lead and free(f)]
        cos = [f for f in self.facilitators if programme in f.can_co and free(f)]
        rng.shuffle(leads)
        rng.shuffle(cos)
        for lead in leads:
            for co in cos:
                if co.id == lead.id:
                    continue
                interpreted = language in co.languages and bool(lead.languages & co.languages)
                if language in lead.languages or interpreted:
                    return lead.id, co.id
        return None
