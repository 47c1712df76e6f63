"""The session-day page of a language group names the interpreter with the language, and on a
CZ partner session (5, 7, 10) counts the partners who came (issue 13, points 2 and 5)."""

import pytest
from django.urls import reverse

from kring.records.models import Attendance

pytestmark = pytest.mark.django_db


def page(client, world, session):
    client.force_login(world.midwife)
    response = client.get(reverse("records:session_day", args=[session.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_interpreter_is_shown_with_the_language(client, world):
    group = world.group
    group.language = "ti"
    group.save(update_fields=["language"])
    group.lead.languages = ["nl"]
    group.lead.save(update_fields=["languages"])
    co = world.session.co
    co.languages = ["nl", "ti"]
    co.save(update_fields=["languages"])
    html = page(client, world, world.session)
    assert f"Tolk: {co} (Tigrinya)" in html


def test_no_interpreter_line_when_the_lead_speaks_the_language(client, world):
    assert 'data-testid="interpreter"' not in page(client, world, world.session)


def test_partner_session_counts_the_partners_present(client, world):
    # As in cz.json: the partner sessions seat two per member.
    world.group.programme.sessions.filter(number__in=(5, 7, 10)).update(seats_per_member=2)
    session5 = next(s for s in world.sessions if s.number == 5)
    members = world.clients[:3]
    for client_, partner in zip(members, (True, True, False), strict=True):
        Attendance.objects.create(
            session=session5,
            client=client_,
            status="present",
            partner_present=partner,
            recorded_by=world.midwife,
        )
    html = page(client, world, session5)
    assert "Partnerbijeenkomst" in html
    assert "2 partners aanwezig" in html


def test_ordinary_session_without_partners_has_no_partner_line(client, world):
    assert 'data-testid="partners"' not in page(client, world, world.session)
