"""What the coordinator reviews: the plan's sessions on a calendar, the penalty in words, and
what would change against the published plan. Pure functions of (instance, plan) plus names."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kring.planning.model import Instance, Plan, PlanGroup, PlanSession
from kring.planning.rules import penalty_units


@dataclass(frozen=True)
class CalendarEntry:
    group: PlanGroup
    session: PlanSession
    total: int


@dataclass
class Day:
    date: dt.date
    in_month: bool = True
    entries: list[CalendarEntry] = field(default_factory=list)


def entries(plan: Plan, *, group: str = "", facilitator: str = "", room: str = "") -> list[CalendarEntry]:
    found = []
    for g in plan.groups:
        if group and g.id != group:
            continue
        for s in g.sessions:
            if facilitator and facilitator not in (s.lead, s.co):
                continue
            if room and s.room != room:
                continue
            found.append(CalendarEntry(g, s, len(g.sessions)))
    return sorted(found, key=lambda e: (e.session.start, e.group.id))


def month_grid(year: int, month: int, items: list[CalendarEntry]) -> list[list[Day]]:
    by_date: dict[dt.date, list[CalendarEntry]] = {}
    for item in items:
        by_date.setdefault(item.session.date, []).append(item)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([Day(d, d.month == month, by_date.get(d, [])) for d in week])
    return weeks


def week_days(monday: dt.date, items: list[CalendarEntry]) -> list[Day]:
    days = [Day(monday + dt.timedelta(days=k)) for k in range(7)]
    for item in items:
        offset = (item.session.date - monday).days
        if 0 <= offset < 7:
            days[offset].entries.append(item)
    return days


def penalty_in_words(instance: Instance, plan: Plan) -> list[str]:
    """One sentence per penalty term that counts, largest first."""
    units = penalty_units(instance, plan.groups, [u.client for u in plan.unplaced])
    weighted = dict(plan.penalty_breakdown)
    sentences = {
        "unplaced": lambda n: ngettext("%(n)d client has no group.", "%(n)d clients have no group.", n),
        "below_target": lambda n: ngettext(
            "Groups are %(n)d member short of their target size in total.",
            "Groups are %(n)d members short of their target size in total.",
            n,
        ),
        "timing": lambda n: ngettext(
            "Sessions are %(n)d day away from their ideal dates in total.",
            "Sessions are %(n)d days away from their ideal dates in total.",
            n,
        ),
        "daypart_preference": lambda n: ngettext(
            "%(n)d step down the clients' preferred times of day.",
            "%(n)d steps down the clients' preferred times of day.",
            n,
        ),
        "location_preference": lambda n: ngettext(
            "%(n)d step down the clients' preferred locations.",
            "%(n)d steps down the clients' preferred locations.",
            n,
        ),
        "substitute": lambda n: ngettext(
            "%(n)d time a stand-in replaces the group's own lead or co.",
            "%(n)d times a stand-in replaces the group's own lead or co.",
            n,
        ),
        "room_change": lambda n: ngettext(
            "%(n)d session is in another room than the group's first.",
            "%(n)d sessions are in another room than the group's first.",
            n,
        ),
        "room_cost": lambda n: _("Rooms cost %(n)d in total."),
        "published_change": lambda n: ngettext(
            "%(n)d change to what was already announced.", "%(n)d changes to what was already announced.", n
        ),
    }
    lines = []
    for term in sorted(weighted, key=lambda t: -weighted[t]):
        n = units.get(term, 0)
        if weighted[term] and n and term in sentences:
            text = sentences[term](n) % {"n": n}
            lines.append(_("%(text)s (%(points)d points)") % {"text": text, "points": weighted[term]})
    return lines


@dataclass(frozen=True)
class Change:
    kind: str  # new_group, cancelled_group, session, joined, left
    group: str
    text: str
    session: int | None = None
    client: str | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "group": self.group,
            "session": self.session,
            "client": self.client,
            "text": self.text,
        }


def changes_against_published(instance: Instance, plan: Plan, names: dict[str, str]) -> list[Change]:
    """What publishing this plan would change, per group, session and member."""

    def name(x: str) -> str:
        return names.get(x, x)

    changes: list[Change] = []
    published = {p.id: p for p in instance.published}
    planned = {g.id: g for g in plan.groups}
    for gid in published:
        if gid not in planned:
            changes.append(
                Change("cancelled_group", gid, _("%(group)s is cancelled.") % {"group": name(gid)})
            )
    for g in plan.groups:
        p = published.get(g.id)
        if p is None:
            first = g.sessions[0]
            changes.append(
                Change(
                    "new_group",
                    g.id,
                    _(
                        "New group %(group)s: %(members)d members, from %(date)s in %(room)s"
                        " with %(lead)s and %(co)s."
                    )
                    % {
                        "group": name(g.id),
                        "members": len(g.members),
                        "date": first.date.strftime("%d-%m-%Y"),
                        "room": name(first.room),
                        "lead": name(g.lead),
                        "co": name(g.co),
                    },
                )
            )
            continue
        old = {s.number: s for s in p.sessions}
        for s in g.sessions:
            o = old.get(s.number)
            if o is None or s.date < instance.plan_start:
                continue
            parts = []
            if o.date != s.date:
                parts.append(
                    _("date %(old)s → %(new)s")
                    % {"old": o.date.strftime("%d-%m-%Y"), "new": s.date.strftime("%d-%m-%Y")}
                )
            if o.room != s.room:
                parts.append(_("room %(old)s → %(new)s") % {"old": name(o.room), "new": name(s.room)})
            if o.lead != s.lead:
                parts.append(_("lead %(old)s → %(new)s") % {"old": name(o.lead), "new": name(s.lead)})
            if o.co != s.co:
                parts.append(_("co %(old)s → %(new)s") % {"old": name(o.co), "new": name(s.co)})
            if parts:
                changes.append(
                    Change(
                        "session",
                        g.id,
                        _("%(group)s session %(number)d: %(what)s")
                        % {"group": name(g.id), "number": s.number, "what": ", ".join(parts)},
                        session=s.number,
                    )
                )
        for member in g.members:
            if member not in p.members:
                changes.append(
                    Change(
                        "joined",
                        g.id,
                        _("%(client)s joins %(group)s.") % {"client": name(member), "group": name(g.id)},
                        client=member,
                    )
                )
        for member in p.members:
            if member not in g.members and instance.has_client(member):
                changes.append(
                    Change(
                        "left",
                        g.id,
                        _("%(client)s leaves %(group)s.") % {"client": name(member), "group": name(g.id)},
                        client=member,
                    )
                )
    return changes
