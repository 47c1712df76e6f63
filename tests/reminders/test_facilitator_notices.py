"""Issue 11, point 5: publishing a change notifies the facilitators too (kring.planner.outbox),
each with the changed sessions as ICS, delivered through a real SMTP server."""

from __future__ import annotations

import vobject

from kring.planner.models import OutboxMessage, PlanVersion
from kring.planner.outbox import queue_messages, send_pending


def test_a_change_notifies_participants_and_both_facilitators(practice, smtp):
    practice.client.email = "deelnemer@example.test"
    practice.client.save()
    practice.lead.email, practice.co.email = "lead@example.test", "co@example.test"
    practice.co.languages = ["en"]
    practice.lead.save()
    practice.co.save()
    version = PlanVersion.objects.create(organisation=practice.organisation, number=1)
    touched = {
        "invite": {},
        "change": {practice.group.pk: {practice.client.pk: [practice.session.pk]}},
        "cancel": {},
    }

    queued = queue_messages(version, touched)
    sent = send_pending(practice.organisation, version=version)

    assert sorted(m.recipient for m in queued) == [
        "co@example.test",
        "deelnemer@example.test",
        "lead@example.test",
    ]
    assert sent == 3
    assert OutboxMessage.objects.filter(client=None, kind="change").count() == 2
    [lead] = smtp.to("lead@example.test")
    [co] = smtp.to("co@example.test")
    assert lead["Subject"] == f"Wijziging in de groep {practice.group.name}"
    assert co["Subject"] == f"Change in the group {practice.group.name}"
    part = next(p for p in co.iter_attachments() if p.get_content_type() == "text/calendar")
    event = vobject.readOne(part.get_payload(decode=True).decode()).vevent
    assert event.dtstart.value == practice.session.starts_at
    assert practice.group.name in event.summary.value  # the staff entry names the group
