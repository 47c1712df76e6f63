"""One object of every kind the API names by id, all of the practice (the first organisation)."""

from __future__ import annotations

from django.utils import timezone

from kring.planner.models import PlanningRun, PlanVersion
from kring.records.models import Attendance, Measurement, Outcome
from tests.records.builders import World


def practice_objects(world: World) -> dict[str, int]:
    """Router basename -> the id of one of the practice's objects of that kind."""
    client = world.clients[0]
    run = PlanningRun.objects.create(
        organisation=world.practice.org,
        created_by=world.coordinator,
        instance={},
        status=PlanningRun.Status.DONE,
    )
    version = PlanVersion.objects.create(organisation=world.practice.org, number=1, run=run)
    measurement = Measurement.objects.create(
        client=client,
        session=world.session,
        kind="weight",
        value=71,
        unit="kg",
        loinc="29463-7",
        measured_by="professional",
        measured_at=timezone.now(),
    )
    attendance = Attendance.objects.create(
        session=world.session, client=client, status="present", recorded_by=world.coordinator
    )
    outcome = Outcome.objects.create(client=client, satisfaction_grade=8, updated_by=world.coordinator)
    return {
        "organisation": world.practice.org.pk,
        "location": world.practice.location.pk,
        "room": world.practice.room.pk,
        "person": world.group.lead.pk,
        "client": client.pk,
        "group": world.group.pk,
        "session": world.session.pk,
        "enrolment": client.enrolments.get().pk,
        "attendance": attendance.pk,
        "measurement": measurement.pk,
        "outcome": outcome.pk,
        "planningrun": run.pk,
        "planversion": version.number,
    }
