"""The pathway pages: the CZ coordinator proposes; the JGZ coordinator forms the group and makes
CZ session 10 the first CO session; nobody else sees the proposal."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kring.care.models import Client, Group
from kring.records.models import CoProposal, GuestInvitation, SessionLink
from kring.records.services.outcomes import register_birth


@pytest.fixture
def born(world):
    today = timezone.localdate()
    for client in world.clients:
        Client.objects.filter(pk=client.pk).update(due_date=today)
        client.refresh_from_db()
        register_birth(client, born_on=today - dt.timedelta(days=3), birth_weight_g=3500, by=world.midwife)
    return world


def test_pathway_page_proposes_once_all_babies_are_born(client, born):
    client.force_login(born.coordinator)
    body = client.get(reverse("records:group_pathway", args=[born.group.pk])).content.decode()
    assert 'data-testid="co-ready"' in body


def test_midwife_without_coordinator_role_cannot_open_pathway(client, world):
    client.force_login(world.midwife)
    assert client.get(reverse("records:group_pathway", args=[world.group.pk])).status_code == 403


def test_invite_guest_to_session_9(client, world):
    client.force_login(world.coordinator)
    url = reverse("records:invite_guest", args=[world.group.pk])
    client.post(
        url, {"session": world.sessions[8].pk, "organisation": world.jgz.org.pk, "name": "Jet de Wit"}
    )
    assert GuestInvitation.objects.get().session == world.sessions[8]
    client.post(url, {"session": world.sessions[0].pk, "organisation": world.jgz.org.pk, "name": "Jet"})
    assert GuestInvitation.objects.count() == 1
    body = client.get(reverse("records:session_day", args=[world.sessions[8].pk])).content.decode()
    assert "Jet de Wit" in body


def test_full_pathway_through_the_pages(client, born):
    client.force_login(born.coordinator)
    agreeing = [c.pk for c in born.clients[:2]]
    client.post(
        reverse("records:propose", args=[born.group.pk]),
        {"organisation": born.jgz.org.pk, "agreeing": agreeing},
    )
    proposal = CoProposal.objects.get()
    # The proposing practice cannot open the JGZ side; an outsider neither.
    assert client.get(reverse("records:proposal_detail", args=[proposal.pk])).status_code == 404
    client.force_login(born.outsider)
    assert client.get(reverse("records:proposal_detail", args=[proposal.pk])).status_code == 404

    client.force_login(born.jgz_coordinator)
    assert "Noord" in client.get(reverse("records:proposals")).content.decode()
    page = client.get(reverse("records:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Ayşe" in page and "Mila" not in page
    form = {
        "name": "CO Noord",
        "location": born.jgz.location.pk,
        "daypart": born.jgz.daypart.pk,
        "weekday": "mon",
        "lead": born.jgz_nurse.pk,
        "co": born.jgz_assistant.pk,
    }
    client.post(reverse("records:proposal_detail", args=[proposal.pk]), form)
    co_group = Group.objects.get(name="CO Noord")
    assert co_group.enrolments.count() == 2
    client.post(reverse("records:proposal_kickoff", args=[proposal.pk]), {"room": born.jgz.room.pk})
    link = SessionLink.objects.get()
    assert link.cz_session == born.sessions[9]
    assert link.co_session.group == co_group and link.co_session.number == 1
    assert link.co_session.starts_at == born.sessions[9].starts_at
    # Linked in both groups: each organisation's session-day page says so.
    co_day = client.get(reverse("records:session_day", args=[link.co_session.pk])).content.decode()
    assert 'data-testid="kickoff"' in co_day and born.group.name in co_day
    client.force_login(born.midwife)
    cz_day = client.get(reverse("records:session_day", args=[link.cz_session.pk])).content.decode()
    assert 'data-testid="kickoff"' in cz_day and "CO Noord" in cz_day


def test_kickoff_without_matching_daypart_is_explained(client, born):
    from kring.records.services import pathway

    proposal = pathway.propose_co_group(
        born.group, jgz_organisation=born.jgz.org, agreeing=born.clients, by=born.coordinator
    )
    pathway.form_co_group(
        proposal,
        name="CO",
        location=born.jgz.location,
        daypart=born.jgz.daypart,
        weekday="mon",
        lead=born.jgz_nurse,
        co=born.jgz_assistant,
        by=born.jgz_coordinator,
    )
    born.jgz.org.dayparts.update(start=dt.time(9, 30), end=dt.time(11, 30))
    client.force_login(born.jgz_coordinator)
    response = client.post(
        reverse("records:proposal_kickoff", args=[proposal.pk]), {"room": born.jgz.room.pk}, follow=True
    )
    assert "19:00" in response.content.decode()
    assert not SessionLink.objects.exists()


def test_today_proposes_a_co_group_once_all_babies_are_born(client, world):
    from kring.records.services import pathway

    client.force_login(world.coordinator)
    url = reverse("records:today")
    assert 'data-testid="ready-for-co"' not in client.get(url).content.decode()
    today = timezone.localdate()
    for member in world.clients:
        Client.objects.filter(pk=member.pk).update(due_date=today)
        member.refresh_from_db()
        register_birth(member, born_on=today, birth_weight_g=3100, by=world.midwife)
    body = client.get(url).content.decode()
    assert 'data-testid="ready-for-co"' in body and world.group.name in body
    pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
    )
    assert 'data-testid="ready-for-co"' not in client.get(url).content.decode()
    client.force_login(world.outsider)
    assert world.group.name not in client.get(url).content.decode()
