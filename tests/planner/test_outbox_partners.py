"""The invitation names the CZ sessions partners come to (5, 7, 10), in her language
(issue 13, point 5)."""

from __future__ import annotations

import pytest
from django.utils import translation

from kring.care.models import Group
from kring.planner.models import OutboxMessage
from kring.planner.outbox import _partner_line
from kring.planner.publish import publish_run
from kring.planner.runs import start_run

pytestmark = pytest.mark.django_db


def test_invitation_says_which_meetings_partners_come_to_in_her_language(plannable):
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    run.refresh_from_db()
    version = publish_run(run, plannable.coordinator)
    by_client = {m.client_id: m for m in OutboxMessage.objects.filter(version=version, kind="invite")}
    english = by_client[plannable.clients[0].pk]
    dutch = by_client[plannable.clients[1].pk]
    assert "Je partner is ook welkom bij de bijeenkomsten 5, 7, 10." in dutch.body
    assert "Your partner is welcome too at meetings 5, 7, 10." in english.body

    # A change notice names only the changed meetings that partners come to.
    group = Group.objects.get(organisation=plannable.organisation)
    sessions = {s.number: s for s in group.sessions.all()}
    with translation.override("nl"):
        assert _partner_line(group, [sessions[3]]) == ""
        assert (
            _partner_line(group, [sessions[3], sessions[7]]) == "Je partner is ook welkom bij bijeenkomst 7."
        )
