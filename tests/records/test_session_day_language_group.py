"""The session-day page of a language group names the interpreter with the language, and on a
CZ partner session (5, 7, 10) counts the partners who came (issue 13, points 2 and 5)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kring.care.models import Client, Group
from kring.records.errors import RecordError
from kring.records.models import Attendance
from kring.records.services import pathway
from kring.records.services.outcomes import register_birth

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


def test_forming_a_co_group_with_an_untrained_interpreter_is_refused_and_saves_nothing(world):
    today = timezone.localdate()
    world.group.language = "ti"
    world.group.save(update_fields=["language"])
    for client in world.clients[:2]:
        Client.objects.filter(pk=client.pk).update(due_date=today)
        client.refresh_from_db()
        register_birth(client, born_on=today - dt.timedelta(days=2), birth_weight_g=3300, by=world.midwife)
    proposal = pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients[:2], by=world.coordinator
    )
    world.jgz_nurse.languages = ["nl"]
    world.jgz_nurse.save(update_fields=["languages"])
    world.jgz_assistant.languages = ["nl", "ti"]
    world.jgz_assistant.save(update_fields=["languages"])
    with translation.override("nl"), pytest.raises(RecordError) as refused:
        pathway.form_co_group(
            proposal,
            name="CO Tigrinya",
            location=world.jgz.location,
            daypart=world.jgz.daypart,
            weekday="mon",
            lead=world.jgz_nurse,
            co=world.jgz_assistant,
            by=world.jgz_coordinator,
        )
    assert refused.value.code == "interpreter"
    assert "Centering-training" in refused.value.messages[0]
    assert not Group.objects.filter(organisation=world.jgz.org, name="CO Tigrinya").exists()
