"""Every list of the app as a table for CSV or Excel. Each list reads through the access
functions (so a user exports only what the pages show them) and names the clients it
contains, which the view logs one by one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kring.audit.access import access_log_for_user
from kring.care.access import clients_for_user, groups_for_user, sessions_for_user
from kring.organisations.access import people_for_user, rooms_for_user
from kring.organisations.models import Organisation
from kring.records.models import Attendance, Birth, FollowUp, Measurement, Outcome

Rows = list[list[object]]


@dataclass(frozen=True)
class ListExport:
    name: str
    title: object  # lazy translation
    header: tuple
    read: Callable[[object, Organisation], tuple[Rows, list[int]]]  # (rows, client ids)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _clients(user, org) -> tuple[Rows, list[int]]:
    clients = clients_for_user(user, org).order_by("family_name", "given_name", "pk")
    rows: Rows = [
        [
            c.pk,
            c.given_name,
            c.family_name,
            c.called_name,
            c.programme.code,
            c.date_of_birth,
            c.due_date,
            c.baby_given_name,
            c.baby_birth_date,
            c.email,
            c.phone,
            c.postcode,
            ", ".join(c.languages or []),
        ]
        for c in clients
    ]
    return rows, [row[0] for row in rows]  # type: ignore[misc]


def _people(user, org) -> tuple[Rows, list[int]]:
    people = people_for_user(user, org).prefetch_related("roles").order_by("family_name", "given_name", "pk")
    return [
        [
            p.pk,
            p.given_name,
            p.family_name,
            p.profession,
            p.email,
            p.phone,
            p.agb_code,
            p.big_number,
            ", ".join(sorted(r.role for r in p.roles.all())),
            ", ".join(p.languages or []),
            "; ".join(f"{day}: {' '.join(parts)}" for day, parts in (p.availability or {}).items()),
            p.is_active,
        ]
        for p in people
    ], []


def _rooms(user, org) -> tuple[Rows, list[int]]:
    rooms = rooms_for_user(user, org).select_related("location").order_by("location__name", "name")
    return [
        [r.pk, r.location.name, r.name, r.capacity_seats, r.cost_per_session, r.location.online, r.is_active]
        for r in rooms
    ], []


def _groups(user, org) -> tuple[Rows, list[int]]:
    groups = groups_for_user(user, org).select_related("programme", "location", "daypart", "lead", "co")
    return [
        [
            g.pk,
            g.name,
            g.programme.code,
            g.get_status_display(),
            g.location.name,
            g.weekday,
            g.daypart.name,
            str(g.lead) if g.lead else "",
            str(g.co) if g.co else "",
            g.language,
        ]
        for g in groups.order_by("name", "pk")
    ], []


def _sessions(user, org) -> tuple[Rows, list[int]]:
    sessions = (
        sessions_for_user(user, org).select_related("group", "room", "lead", "co").order_by("starts_at", "pk")
    )
    return [
        [
            s.pk,
            s.group.name,
            s.number,
            s.date,
            _local(s.starts_at),
            _local(s.ends_at),
            s.room.name,
            str(s.lead) if s.lead else "",
            str(s.co) if s.co else "",
            s.get_status_display(),
        ]
        for s in sessions
    ], []


def _attendance(user, org) -> tuple[Rows, list[int]]:
    rows = Attendance.objects.filter(client__in=clients_for_user(user, org)).select_related(
        "session__group", "client"
    )
    data: Rows = [
        [
            a.session.group.name,
            a.session.number,
            a.session.date,
            a.client_id,
            a.client.given_name,
            a.client.family_name,
            a.get_status_display(),
            a.partner_present,
        ]
        for a in rows.order_by("session__starts_at", "client__family_name", "pk")
    ]
    return data, sorted({row[3] for row in data})  # type: ignore[type-var]


def _measurements(user, org) -> tuple[Rows, list[int]]:
    rows = Measurement.objects.filter(client__in=clients_for_user(user, org)).select_related("client")
    data: Rows = [
        [
            m.client_id,
            m.client.given_name,
            m.client.family_name,
            _local(m.measured_at),
            m.get_kind_display(),
            m.value,
            m.unit,
            m.loinc,
            m.get_measured_by_display(),
            m.flagged,
        ]
        for m in rows.order_by("client__family_name", "measured_at", "pk")
    ]
    return data, sorted({row[0] for row in data})  # type: ignore[type-var]


def _outcomes(user, org) -> tuple[Rows, list[int]]:
    clients = clients_for_user(user, org)
    births = {b.client_id: b for b in Birth.objects.filter(client__in=clients)}
    outcomes = {o.client_id: o for o in Outcome.objects.filter(client__in=clients)}
    data: Rows = []
    for client in clients.filter(pk__in=set(births) | set(outcomes)).order_by("family_name", "pk"):
        birth, outcome = births.get(client.pk), outcomes.get(client.pk)
        data.append(
            [
                client.pk,
                client.given_name,
                client.family_name,
                birth.born_on if birth else "",
                birth.birth_weight_g if birth else "",
                birth.get_breastfeeding_started_display() if birth else "",
                outcome.get_pain_relief_in_labour_display() if outcome else "",
                outcome.get_smoking_at_intake_display() if outcome else "",
                outcome.get_smoking_at_36_weeks_display() if outcome else "",
                outcome.get_smoking_after_birth_display() if outcome else "",
                outcome.get_referred_in_pregnancy_display() if outcome else "",
                outcome.satisfaction_grade if outcome else "",
            ]
        )
    return data, [row[0] for row in data]  # type: ignore[misc]


def _follow_ups(user, org) -> tuple[Rows, list[int]]:
    rows = FollowUp.objects.filter(client__in=clients_for_user(user, org)).select_related(
        "client", "session__group"
    )
    data: Rows = [
        [
            f.client_id,
            f.client.given_name,
            f.client.family_name,
            f.session.group.name,
            f.session.number,
            f.session.date,
            f.get_status_display(),
            _local(f.planned_for),
        ]
        for f in rows.order_by("created_at", "pk")
    ]
    return data, sorted({row[0] for row in data})  # type: ignore[type-var]


def _access_log(user, org) -> tuple[Rows, list[int]]:
    entries = access_log_for_user(user, org).order_by("-at", "-pk")  # PermissionDenied unless privacy officer
    return [
        [
            e.pk,
            _local(e.at),
            e.user_label,
            e.role,
            e.client_id or "",
            e.get_action_display(),
            e.ip_address or "",
            e.path,
            e.detail,
        ]
        for e in entries
    ], []


LISTS: dict[str, ListExport] = {
    item.name: item
    for item in (
        ListExport(
            "clients",
            _("Clients"),
            (
                _("Number"),
                _("Given name"),
                _("Family name"),
                _("Called"),
                _("Programme"),
                _("Date of birth"),
                _("Due date"),
                _("Baby's given name"),
                _("Baby's birth date"),
                _("Email address"),
                _("Phone"),
                _("Postcode"),
                _("Languages"),
            ),
            _clients,
        ),
        ListExport(
            "people",
            _("People"),
            (
                _("Number"),
                _("Given name"),
                _("Family name"),
                _("Profession"),
                _("Email address"),
                _("Phone"),
                _("AGB code"),
                _("BIG number"),
                _("Roles"),
                _("Languages"),
                _("Availability"),
                _("Active"),
            ),
            _people,
        ),
        ListExport(
            "rooms",
            _("Rooms"),
            (
                _("Number"),
                _("Location"),
                _("Room"),
                _("Seats"),
                _("Cost per session"),
                _("Online"),
                _("Active"),
            ),
            _rooms,
        ),
        ListExport(
            "groups",
            _("Groups"),
            (
                _("Number"),
                _("Name"),
                _("Programme"),
                _("Status"),
                _("Location"),
                _("Weekday"),
                _("Daypart"),
                _("Lead"),
                _("Co-facilitator"),
                _("Language"),
            ),
            _groups,
        ),
        ListExport(
            "sessions",
            _("Sessions"),
            (
                _("Number"),
                _("Group"),
                _("Session"),
                _("Date"),
                _("Starts"),
                _("Ends"),
                _("Room"),
                _("Lead"),
                _("Co-facilitator"),
                _("Status"),
            ),
            _sessions,
        ),
        ListExport(
            "attendance",
            _("Attendance"),
            (
                _("Group"),
                _("Session"),
                _("Date"),
                _("Client number"),
                _("Given name"),
                _("Family name"),
                _("Attendance"),
                _("Partner came"),
            ),
            _attendance,
        ),
        ListExport(
            "measurements",
            _("Measurements"),
            (
                _("Client number"),
                _("Given name"),
                _("Family name"),
                _("Measured at"),
                _("What"),
                _("Value"),
                _("Unit"),
                _("LOINC code"),
                _("Measured by"),
                _("Flagged"),
            ),
            _measurements,
        ),
        ListExport(
            "outcomes",
            _("Outcomes"),
            (
                _("Client number"),
                _("Given name"),
                _("Family name"),
                _("Born on"),
                _("Birth weight (g)"),
                _("Breastfeeding started"),
                _("Pain relief in labour"),
                _("Smoking at intake"),
                _("Smoking at 36 weeks"),
                _("Smoking after birth"),
                _("Referred in pregnancy"),
                _("Satisfaction (1-10)"),
            ),
            _outcomes,
        ),
        ListExport(
            "follow-ups",
            _("Follow-ups"),
            (
                _("Client number"),
                _("Given name"),
                _("Family name"),
                _("Group"),
                _("Missed session"),
                _("Date"),
                _("Status"),
                _("Planned for"),
            ),
            _follow_ups,
        ),
        ListExport(
            "access-log",
            _("Access log"),
            (
                _("Number"),
                _("Time"),
                _("Who"),
                _("As"),
                _("Client number"),
                _("Action"),
                _("From address"),
                _("Page"),
                _("Detail"),
            ),
            _access_log,
        ),
    )
}
