"""Writing instances and plans back to the exchange format's JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kring.planning.exchange.types import (
    INSTANCE_FORMAT,
    PENALTY_TERMS,
    PLAN_FORMAT,
    WEEKDAYS,
    Availability,
    Instance,
    Period,
    Plan,
)

# ---------------------------------------------------------------- writing


def _format_moment(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _periods_json(periods: tuple[Period, ...]) -> list[dict[str, str]]:
    return [{"from": p.first.isoformat(), "to": p.last.isoformat()} for p in periods]


def _availability_json(availability: Availability) -> dict[str, list[str]]:
    return {day: sorted(parts) for day, parts in availability.items()}


def instance_to_json(inst: Instance) -> dict[str, Any]:
    """The exchange format of an instance, leaving out optional fields that are empty."""

    def drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if v not in (None, [], "")}

    data: dict[str, Any] = {
        "format": INSTANCE_FORMAT,
        "name": inst.name,
        "timezone": inst.timezone,
        "plan_start": inst.plan_start.isoformat(),
        "horizon_end": inst.horizon_end.isoformat(),
        "closed_dates": sorted(d.isoformat() for d in inst.closed_dates),
        "dayparts": [
            {"id": d.id, "start": d.start.strftime("%H:%M"), "end": d.end.strftime("%H:%M")}
            for d in inst.dayparts
        ],
        "room_buffer_minutes": inst.room_buffer_minutes,
        "programmes": [
            {
                "id": p.id,
                "anchor": p.anchor,
                "group_size": {
                    "min": p.group_size.min,
                    "target": p.group_size.target,
                    "max": p.group_size.max,
                },
                "anchor_spread_days": p.anchor_spread_days,
                "latest_join_session": p.latest_join_session,
                "min_days_between_sessions": p.min_days_between_sessions,
                "sessions": [
                    {
                        "number": s.number,
                        "reference": s.reference,
                        "offset_days": s.offset_days,
                        "window_days": list(s.window_days),
                        "seats_per_member": s.seats_per_member,
                    }
                    for s in p.sessions
                ],
            }
            for p in inst.programmes
        ],
        "locations": [
            drop_empty({"id": loc.id, "name": loc.name, "online": loc.online or None})
            for loc in inst.locations
        ],
        "rooms": [
            drop_empty(
                {
                    "id": r.id,
                    "location": r.location,
                    "capacity": r.capacity_seats,
                    "cost_per_session": r.cost_per_session,
                    "availability": None if r.availability is None else _availability_json(r.availability),
                    "closures": _periods_json(r.closures),
                }
            )
            for r in inst.rooms
        ],
        "facilitators": [
            # Required fields always (can_lead and can_co may be empty lists); optional ones when set.
            {
                "id": f.id,
                "can_lead": sorted(f.can_lead),
                "can_co": sorted(f.can_co),
                "languages": sorted(f.languages),
                "locations": sorted(f.locations),
                "availability": _availability_json(f.availability),
            }
            | drop_empty(
                {
                    "name": f.name,
                    "absences": _periods_json(f.absences),
                    "max_sessions_per_week": f.max_sessions_per_week,
                    "max_concurrent_groups": f.max_concurrent_groups,
                }
            )
            for f in inst.facilitators
        ],
        "clients": [
            drop_empty(
                {
                    "id": c.id,
                    "programme": c.programme,
                    "anchor_date": c.anchor_date.isoformat(),
                    "languages": sorted(c.languages),
                    "locations": list(c.locations),
                    "dayparts": list(c.dayparts) if c.dayparts else None,
                    "weekdays": [d for d in WEEKDAYS if c.weekdays and d in c.weekdays] or None,
                    "available_from": c.available_from.isoformat() if c.available_from else None,
                }
            )
            for c in inst.clients
        ],
        "weights": dict(inst.weights),
    }
    if not data["closed_dates"]:
        del data["closed_dates"]
    if inst.published:
        data["published"] = [
            {
                "id": g.id,
                "programme": g.programme,
                "location": g.location,
                "language": g.language,
                "weekday": g.weekday,
                "daypart": g.daypart,
                "lead": g.lead,
                "co": g.co,
                "members": list(g.members),
                "sessions": [
                    {
                        "number": s.number,
                        "date": s.date.isoformat(),
                        "room": s.room,
                        "lead": s.lead,
                        "co": s.co,
                    }
                    for s in g.sessions
                ],
            }
            for g in inst.published
        ]
    return data


def plan_to_json(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": PLAN_FORMAT,
        "instance": plan.instance,
        "status": plan.status,
        "penalty": plan.penalty,
        "penalty_breakdown": {term: plan.penalty_breakdown.get(term, 0) for term in PENALTY_TERMS},
        "lower_bound": plan.lower_bound,
        "solve_seconds": round(plan.solve_seconds, 3),
        "groups": [
            {
                "id": g.id,
                "programme": g.programme,
                "location": g.location,
                "language": g.language,
                "weekday": g.weekday,
                "daypart": g.daypart,
                "lead": g.lead,
                "co": g.co,
                "members": list(g.members),
                "sessions": [
                    {
                        "number": s.number,
                        "date": s.date.isoformat(),
                        "start": _format_moment(s.start),
                        "end": _format_moment(s.end),
                        "room": s.room,
                        "lead": s.lead,
                        "co": s.co,
                    }
                    for s in g.sessions
                ],
            }
            for g in plan.groups
        ],
        "unplaced": [{"client": u.client, "reasons": list(u.reasons)} for u in plan.unplaced],
    }
    if plan.problems:
        data["problems"] = list(plan.problems)
    return data


def write_json(data: Mapping[str, Any], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
