"""A region's worth of synthetic data for the web benchmark (issue 11, point 2), loaded with
bulk inserts: `python -m bench.scale_data --clients 100000 --organisations 20 --seed 1`.

Five years of CenteringZwangerschap in ORGANISATIONS practices: clients due evenly over the
years, groups of 12 with the CZ programme's ten sessions on their ideal dates (each group has
a room, weekday and daypart of its own from its first to its last session, so no room or
person is ever double-booked and the PostgreSQL exclusion constraints hold), enrolments,
attendance and measurements (weight, blood pressure) for every past session, births and
outcomes for those delivered, and access-log entries with a valid hash chain. About 40 rows
per client: 100,000 clients are ~4 million rows.

Only for benchmarks: never run it against a real installation (it adds organisations named
"Regio …" and users `regio<seed>-<n>-coordinator` with the password below).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

import holidays

BENCH_PASSWORD = "kring-bench-only"  # noqa: S105 - synthetic benchmark users only
GROUP_SIZE = 12
YEARS = 5
BATCH = 5000
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def on_weekday(ideal: list[dt.date], weekday: int) -> list[dt.date]:
    """Each ideal date moved to the nearest `weekday` (at most three days: inside the window)."""
    return [day + dt.timedelta(days=(weekday - day.weekday() + 3) % 7 - 3) for day in ideal]


class Premises:
    """One organisation's rooms, each with a lead and a co of its own (a room holds one group per
    slot at a time, and so do the two people who run its groups), and when each slot
    (room, weekday, daypart) is free again."""

    def __init__(self, organisation, location, dayparts, number: int) -> None:
        self.organisation, self.location, self.dayparts, self.number = (
            organisation,
            location,
            dayparts,
            number,
        )
        self.rooms: list = []
        self.people: list = []
        self.slots: dict[tuple[int, int, int], dt.date] = {}

    def free_slot(self, ideal: list[dt.date], closed) -> tuple[tuple[int, int, int], list[dt.date]]:
        """A slot free before the group's first session whose weekday puts no session on a
        closed day (public holiday), with the session dates on that weekday."""
        for slot, since in self.slots.items():
            dates = on_weekday(ideal, slot[1])
            if since < dates[0] and not any(day in closed for day in dates):
                return slot, dates
        self.add_room()
        return self.free_slot(ideal, closed)

    def add_room(self) -> None:
        from kring.organisations.models import Person, Role, Room

        index = len(self.rooms)
        self.rooms.append(
            Room.objects.create(location=self.location, name=f"Zaal {index + 1}", capacity_seats=30)
        )
        for k, role in enumerate((Role.Kind.CZ_LEAD, Role.Kind.CO_FACILITATOR)):
            person = Person.objects.create(
                organisation=self.organisation,
                given_name=f"Begeleider{2 * index + k}",
                family_name=f"Regio{self.number}",
                availability={day: [d.code for d in self.dayparts] for day in WEEKDAYS},
            )
            Role.objects.create(person=person, role=role)
            self.people.append(person)
        for weekday in range(len(WEEKDAYS)):
            for daypart_index in range(len(self.dayparts)):
                self.slots[(index, weekday, daypart_index)] = dt.date.min


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()


def generate(*, clients: int, organisations: int, seed: int, out=sys.stdout) -> dict[str, int]:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from kring.accounts.models import User
    from kring.audit.log import GENESIS_HASH, compute_hash
    from kring.audit.models import AccessLog
    from kring.care.models import Client, Enrolment, Group, Session
    from kring.care.programmes import set_up_organisation
    from kring.care.scheduling import session_times
    from kring.organisations.models import Location, Organisation, Person, Role
    from kring.records.models.measurement import Measurement
    from kring.records.models.outcomes import Birth, Outcome
    from kring.records.models.session_day import Attendance

    rng = random.Random(seed)
    closed = holidays.country_holidays(
        "NL", years=range(dt.date.today().year - YEARS, dt.date.today().year + 3)
    )
    today = timezone.localdate()
    first_due = today - dt.timedelta(days=365 * (YEARS - 1))
    span_days = 365 * YEARS
    counts: dict[str, int] = {}
    password = make_password(BENCH_PASSWORD)
    started = time.monotonic()

    def insert(model, rows: list) -> list:
        made = model.objects.bulk_create(rows, batch_size=BATCH)
        counts[model._meta.label] = counts.get(model._meta.label, 0) + len(rows)
        return made

    per_organisation = max(GROUP_SIZE, clients // organisations)
    previous_hash = (
        AccessLog.objects.order_by("-id").values_list("entry_hash", flat=True).first() or GENESIS_HASH
    )
    for number in range(organisations):
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=f"Regio {number + 1:02d} verloskunde",
                slug=f"regio-{number + 1:02d}-{seed}",
                kind=Organisation.Kind.MIDWIFERY_PRACTICE,
            )
            set_up_organisation(organisation)
            programme = organisation.programmes.get(code="CZ")
            dayparts = list(organisation.dayparts.order_by("start"))
            location = Location.objects.create(organisation=organisation, name="Centrum")
            plan = list(programme.sessions.order_by("number").values_list("reference", "offset_days"))
            premises = Premises(organisation, location, dayparts, number)

            user = User.objects.create(
                username=f"regio{seed}-{number + 1}-coordinator",
                email=f"regio{seed}-{number + 1}@example.test",
                password=password,
            )
            coordinator = Person.objects.create(
                organisation=organisation, user=user, given_name="Coördinator", family_name=f"Regio{number}"
            )
            Role.objects.create(person=coordinator, role=Role.Kind.COORDINATOR)

            dues = sorted(
                first_due + dt.timedelta(days=rng.randrange(span_days)) for _ in range(per_organisation)
            )
            client_rows = [
                Client(
                    organisation=organisation,
                    programme=programme,
                    given_name=rng.choice(
                        ["Anna", "Fatima", "Ayşe", "Sanne", "Noor", "Mila", "Grace", "Hiwet"]
                    ),
                    family_name=f"Regio{number}-{k}",
                    email=f"client{number}-{k}@example.test",
                    languages=["nl"],
                    due_date=due,
                )
                for k, due in enumerate(dues)
            ]
            made_clients = insert(Client, client_rows)

            # groups: consecutive clients by due date, sessions on the programme's ideal dates
            # (moved to the slot's weekday, within the window); a slot (room, weekday, daypart)
            # is free again after its previous group's last session
            group_rows, planned = [], []
            for start in range(0, len(made_clients), GROUP_SIZE):
                members = made_clients[start : start + GROUP_SIZE]
                anchors = [c.due_date for c in members]
                mid = anchors[0] + (anchors[-1] - anchors[0]) / 2
                ideal = [(mid if ref == "mid" else anchors[-1]) + dt.timedelta(days=off) for ref, off in plan]
                slot, dates = premises.free_slot(ideal, closed)
                room_index, weekday, daypart_index = slot
                premises.slots[slot] = dates[-1]
                group_rows.append(
                    Group(
                        organisation=organisation,
                        programme=programme,
                        name=f"CZ {number}-{start // GROUP_SIZE}",
                        location=location,
                        weekday=WEEKDAYS[weekday],
                        daypart=dayparts[daypart_index],
                        lead=premises.people[room_index * 2],
                        co=premises.people[room_index * 2 + 1],
                        status=Group.Status.FINISHED if dates[-1] < today else Group.Status.RUNNING,
                    )
                )
                planned.append((members, premises.rooms[room_index], dates, dayparts[daypart_index]))
            groups = insert(Group, group_rows)

            session_rows, enrolment_rows = [], []
            for group, (members, room, dates, daypart) in zip(groups, planned, strict=True):
                enrolment_rows += [Enrolment(client=c, group=group, joined_on=dates[0]) for c in members]
                for n, date in enumerate(dates):
                    starts, ends = session_times(date, daypart)
                    session_rows.append(
                        Session(
                            group=group,
                            number=n + 1,
                            date=date,
                            starts_at=starts,
                            ends_at=ends,
                            room=room,
                            lead=group.lead,
                            co=group.co,
                            status=Session.Status.HELD if date < today else Session.Status.PLANNED,
                        )
                    )
            sessions = insert(Session, session_rows)
            insert(Enrolment, enrolment_rows)

            by_group: dict[int, list] = {}
            for session in sessions:
                by_group.setdefault(session.group_id, []).append(session)
            attendance, measurements = [], []
            for group, (members, *_rest) in zip(groups, planned, strict=True):
                for session in by_group[group.pk]:
                    if session.date >= today:
                        continue
                    for client in members:
                        if rng.random() < 0.15:
                            continue
                        attendance.append(
                            Attendance(session=session, client=client, status="present", recorded_by=user)
                        )
                        for kind, unit, loinc, value in (
                            ("weight", "kg", "29463-7", Decimal(rng.randrange(550, 1000)) / 10),
                            ("systolic", "mm[Hg]", "8480-6", Decimal(rng.randrange(100, 140))),
                            ("diastolic", "mm[Hg]", "8462-4", Decimal(rng.randrange(60, 90))),
                        ):
                            measurements.append(
                                Measurement(
                                    client=client,
                                    session=session,
                                    kind=kind,
                                    value=value,
                                    unit=unit,
                                    loinc=loinc,
                                    measured_by="participant",
                                    measured_at=session.starts_at,
                                    entered_by=user,
                                )
                            )
                if len(measurements) > 50_000:
                    insert(Attendance, attendance)
                    insert(Measurement, measurements)
                    attendance, measurements = [], []
            insert(Attendance, attendance)
            insert(Measurement, measurements)

            delivered = [c for c in made_clients if c.due_date < today]
            insert(
                Birth,
                [
                    Birth(
                        client=c,
                        born_on=c.due_date + dt.timedelta(days=rng.randrange(-14, 10)),
                        birth_weight_g=rng.randrange(2500, 4500),
                        breastfeeding_started=rng.choice(["yes", "no"]),
                        registered_by=user,
                    )
                    for c in delivered
                ],
            )
            insert(
                Outcome,
                [
                    Outcome(client=c, satisfaction_grade=rng.randrange(6, 11), updated_by=user)
                    for c in delivered
                ],
            )

            # five access-log entries per client, chained as log_access would chain them
            log_rows = []
            for client in made_clients:
                for action in ("create", "view", "view", "change", "view"):
                    entry = AccessLog(
                        at=timezone.now(),
                        user_id=user.pk,
                        user_label=user.username,
                        organisation_id=organisation.pk,
                        role="coordinator",
                        client_id=client.pk,
                        action=action,
                        ip_address="127.0.0.1",
                        path=f"/clients/{client.pk}/",
                        detail="scale data",
                        previous_hash=previous_hash,
                    )
                    entry.entry_hash = previous_hash = compute_hash(entry)
                    log_rows.append(entry)
            insert(AccessLog, log_rows)
        rows = sum(counts.values())
        print(
            f"organisation {number + 1}/{organisations}: {rows} rows, {time.monotonic() - started:.0f} s",
            file=out,
        )
    counts["seconds"] = round(time.monotonic() - started)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _setup()
    counts = generate(clients=args.clients, organisations=args.organisations, seed=args.seed)
    for label, count in sorted(counts.items()):
        print(f"{label:35} {count:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
