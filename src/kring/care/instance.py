"""The planner's view of one organisation: its data as a `kring-instance/1` document (the
shared planning SPEC, sections 1.1–1.5), ready for `kring.planning.model.read_instance`.

Ids carry their kind and database key ("L3", "R7", "F12", "C140", "G5"); `database_pk`
turns them back. Objects the format cannot express are left out and listed in `skipped`
with a reason, so nothing disappears silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch

from kring.care.interpreters import co_languages, trained_programmes
from kring.care.models import Client, Enrolment, Group, Programme, Session
from kring.organisations.models import Absence, Location, Organisation, Person, Room, RoomClosure
from kring.organisations.validators import WEEKDAYS

INSTANCE_FORMAT = "kring-instance/1"
PREFIX = {Location: "L", Room: "R", Person: "F", Client: "C", Group: "G"}
PUBLISHED_STATUSES = (Group.Status.PUBLISHED, Group.Status.RUNNING)


@dataclass
class InstanceExport:
    data: dict[str, Any]
    skipped: list[str] = field(default_factory=list)


def planning_id(obj) -> str:
    return f"{PREFIX[type(obj)]}{obj.pk}"


def database_pk(planning_id_: str) -> int:
    """'C140' -> 140."""
    return int(planning_id_[1:])


def _availability(value: dict | None) -> dict[str, list[str]]:
    return {day: list(parts) for day, parts in (value or {}).items() if day in WEEKDAYS and parts}


def _periods(rows) -> list[dict[str, str]]:
    return [{"from": row.first_day.isoformat(), "to": row.last_day.isoformat()} for row in rows]


def _programme(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.code,
        "anchor": programme.anchor,
        "group_size": {
            "min": programme.group_min,
            "target": programme.group_target,
            "max": programme.group_max,
        },
        "anchor_spread_days": programme.anchor_spread_days,
        "latest_join_session": programme.latest_join_session,
        "min_days_between_sessions": programme.min_days_between_sessions,
        "sessions": [
            {
                "number": s.number,
                "reference": s.reference,
                "offset_days": s.offset_days,
                "window_days": [s.window_before_days, s.window_after_days],
                "seats_per_member": s.seats_per_member,
            }
            for s in sorted(programme.sessions.all(), key=lambda s: s.number)
        ],
    }


def build_instance(
    organisation: Organisation, *, plan_start: dt.date, horizon_end: dt.date, name: str | None = None
) -> InstanceExport:
    skipped: list[str] = []
    data: dict[str, Any] = {
        "format": INSTANCE_FORMAT,
        "name": name or f"{organisation.slug}-{plan_start.isoformat()}",
        "timezone": settings.TIME_ZONE,
        "plan_start": plan_start.isoformat(),
        "horizon_end": horizon_end.isoformat(),
        "dayparts": [
            {"id": d.code, "start": f"{d.start:%H:%M}", "end": f"{d.end:%H:%M}"}
            for d in organisation.dayparts.all()
        ],
        "room_buffer_minutes": organisation.room_buffer_minutes,
    }
    closed = organisation.closed_dates.filter(date__gte=plan_start).order_by("date")
    if closed:
        data["closed_dates"] = [c.date.isoformat() for c in closed]
    programmes = list(organisation.programmes.prefetch_related("sessions"))
    data["programmes"] = [_programme(p) for p in programmes]
    session_counts = {p.pk: len(p.sessions.all()) for p in programmes}

    locations = list(organisation.locations.filter(is_active=True))
    data["locations"] = [
        {"id": planning_id(loc), "name": loc.name, "online": loc.online} for loc in locations
    ]
    location_ids = {loc.pk for loc in locations}
    rooms = Room.objects.filter(location__in=locations, is_active=True).prefetch_related(
        Prefetch("closures", queryset=RoomClosure.objects.filter(last_day__gte=plan_start))
    )
    data["rooms"] = []
    for room in rooms:
        entry: dict[str, Any] = {
            "id": planning_id(room),
            "name": room.name,
            "location": f"L{room.location_id}",
            "capacity": room.capacity_seats,
            "cost_per_session": int(room.cost_per_session.to_integral_value()),
        }
        if room.availability is not None:
            entry["availability"] = _availability(room.availability)
        if closures := _periods(room.closures.all()):
            entry["closures"] = closures
        data["rooms"].append(entry)

    groups = list(
        Group.objects.filter(organisation=organisation, status__in=PUBLISHED_STATUSES)
        .select_related("programme", "daypart")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.exclude(status=Session.Status.CANCELLED).order_by("number"),
            ),
            Prefetch("enrolments", queryset=Enrolment.objects.filter(status=Enrolment.Status.ACTIVE)),
        )
    )
    published, needed_people = [], set()
    for group in groups:
        members = [f"C{e.client_id}" for e in group.enrolments.all()]
        sessions = list(group.sessions.all())
        if not members:
            skipped.append(f"G{group.pk}: no members left (left out, as a cancelled group)")
            continue
        if [s.number for s in sessions] != list(range(1, session_counts[group.programme_id] + 1)):
            skipped.append(f"G{group.pk}: its sessions are not numbered 1..n")
            continue
        needed_people |= (
            {group.lead_id, group.co_id} | {s.lead_id for s in sessions} | {s.co_id for s in sessions}
        )
        published.append(
            {
                "id": planning_id(group),
                "programme": group.programme.code,
                "location": f"L{group.location_id}",
                "language": group.language,
                "weekday": group.weekday,
                "daypart": group.daypart.code,
                "lead": f"F{group.lead_id}",
                "co": f"F{group.co_id}",
                "members": members,
                "sessions": [
                    {
                        "number": s.number,
                        "date": s.date.isoformat(),
                        "room": f"R{s.room_id}",
                        "lead": f"F{s.lead_id}",
                        "co": f"F{s.co_id}",
                    }
                    for s in sessions
                ],
            }
        )

    people = (
        Person.objects.filter(organisation=organisation)
        .prefetch_related(
            "roles",
            "locations",
            "trainings",
            Prefetch("absences", queryset=Absence.objects.filter(last_day__gte=plan_start)),
        )
        .order_by("pk")
    )
    data["facilitators"] = []
    for person in people:
        can_lead, can_co = [str(c) for c in person.can_lead], [str(c) for c in person.can_co]
        if not (can_lead or can_co) and person.pk not in needed_people:
            continue
        if not person.is_active and person.pk not in needed_people:
            continue
        works_at = [f"L{loc.pk}" for loc in person.locations.all() if loc.pk in location_ids]
        if not person.languages or not works_at:
            if person.pk not in needed_people:
                skipped.append(f"F{person.pk}: no languages or no locations")
                continue
            works_at = works_at or [f"L{loc.pk}" for loc in locations[:1]]
        # An untrained person is never offered as interpreting co (kring.care.interpreters).
        languages, can_co = co_languages(
            list(person.languages) or ["nl"], can_lead, can_co, trained_programmes(person, plan_start)
        )
        entry = {
            "id": planning_id(person),
            "name": str(person),
            "can_lead": can_lead,
            "can_co": can_co,
            "languages": languages,
            "locations": works_at,
            "availability": _availability(person.availability) if person.is_active else {},
        }
        if absences := _periods(person.absences.all()):
            entry["absences"] = absences
        if person.max_sessions_per_week is not None:
            entry["max_sessions_per_week"] = person.max_sessions_per_week
        if person.max_concurrent_groups is not None:
            entry["max_concurrent_groups"] = person.max_concurrent_groups
        data["facilitators"].append(entry)

    # A published member keeps her place even with incomplete preferences: fall back to the
    # group's own language and location, which she accepted by joining.
    member_defaults = {m: (g["language"], g["location"]) for g in published for m in g["members"]}
    clients = (
        Client.objects.filter(organisation=organisation)
        .annotate(enrolment_count=Count("enrolments"))
        .select_related("programme")
        .prefetch_related("location_preferences")
        .order_by("pk")
    )
    data["clients"] = []
    for client in clients:
        cid = planning_id(client)
        member = member_defaults.get(cid)
        if member is None and client.enrolment_count:
            continue  # in no published group and not waiting: finished, left, or in a draft group
        anchor = client.anchor_date
        languages = list(client.languages)
        preferred = [
            f"L{p.location_id}" for p in client.location_preferences.all() if p.location_id in location_ids
        ]
        if member is not None:
            languages = languages if member[0] in languages else [*languages, member[0]]
            preferred = preferred if member[1] in preferred else [*preferred, member[1]]
        if anchor is None or not languages or not preferred:
            skipped.append(f"{cid}: needs an anchor date, a language and an acceptable location")
            continue
        entry = {
            "id": cid,
            "programme": client.programme.code,
            "anchor_date": anchor.isoformat(),
            "languages": languages,
            "locations": preferred,
        }
        if client.dayparts:
            entry["dayparts"] = list(client.dayparts)
        if client.weekdays:
            entry["weekdays"] = list(client.weekdays)
        if client.available_from:
            entry["available_from"] = client.available_from.isoformat()
        data["clients"].append(entry)
    if published:
        data["published"] = published
    return InstanceExport(data=data, skipped=skipped)
