"""The CZ→CO pathway: guest at session 8/9, a proposed CO group, CZ session 10 as kick-off."""

import datetime as dt

import pytest
from django.utils import timezone

from kring.care.models import Client, Group, Session
from kring.records.errors import RecordError
from kring.records.models import CoProposal, GuestInvitation
from kring.records.services import pathway
from kring.records.services.outcomes import register_birth
from tests.records.builders import make_session


def _births(world, clients=None):
    today = timezone.localdate()
    for client in clients or world.clients:
        Client.objects.filter(pk=client.pk).update(due_date=today)
        client.refresh_from_db()
        register_birth(client, born_on=today - dt.timedelta(days=2), birth_weight_g=3300, by=world.midwife)


def _form(world, proposal):
    return pathway.form_co_group(
        proposal,
        name="CO Stad vervolg",
        location=world.jgz.location,
        daypart=world.jgz.daypart,
        weekday="mon",
        lead=world.jgz_nurse,
        co=world.jgz_assistant,
        by=world.jgz_coordinator,
    )


def test_invite_jgz_nurse_to_session_8(world):
    invitation = pathway.invite_guest(
        world.sessions[7], organisation=world.jgz.org, name="Jet de Wit", by=world.coordinator
    )
    assert invitation.session.number == 8
    assert GuestInvitation.objects.count() == 1


@pytest.mark.parametrize("number", [1, 7, 10])
def test_guest_invitation_only_for_session_8_or_9(world, number):
    with pytest.raises(RecordError):
        pathway.invite_guest(
            world.sessions[number - 1], organisation=world.jgz.org, name="Jet", by=world.coordinator
        )


def test_guest_must_come_from_a_jgz_organisation(world):
    with pytest.raises(RecordError):
        pathway.invite_guest(
            world.sessions[8], organisation=world.other.org, name="Jet", by=world.coordinator
        )


def test_ready_for_co_once_every_baby_is_born(world):
    assert not pathway.ready_for_co(world.group)
    _births(world, world.clients[:2])
    assert not pathway.ready_for_co(world.group)
    _births(world, world.clients[2:])
    assert pathway.ready_for_co(world.group)


def test_proposal_needs_a_birth_for_each_proposed_member(world):
    _births(world, world.clients[:1])
    with pytest.raises(RecordError) as error:
        pathway.propose_co_group(
            world.group, jgz_organisation=world.jgz.org, agreeing=world.clients[:2], by=world.coordinator
        )
    assert error.value.code == "birth_missing"


def test_proposal_refuses_outsiders_and_nobody(world):
    _births(world)
    with pytest.raises(RecordError):
        pathway.propose_co_group(
            world.group, jgz_organisation=world.jgz.org, agreeing=[], by=world.coordinator
        )
    with pytest.raises(RecordError):
        pathway.propose_co_group(
            world.group, jgz_organisation=world.jgz.org, agreeing=[world.other_client], by=world.coordinator
        )
    assert not CoProposal.objects.exists()


def test_forming_the_co_group_creates_jgz_records_linked_to_cz_records(world):
    _births(world)
    agreeing = world.clients[:2]
    proposal = pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=agreeing, by=world.coordinator
    )
    assert proposal.members.filter(agrees=True).count() == 2
    group = _form(world, proposal)
    assert group.organisation == world.jgz.org and group.programme.code == "CO"
    co_clients = Client.objects.filter(enrolments__group=group)
    assert {c.parent_client for c in co_clients} == set(agreeing)
    assert all(c.organisation == world.jgz.org and c.baby_birth_date for c in co_clients)
    world.group.refresh_from_db()
    assert world.group.follow_up == group
    proposal.refresh_from_db()
    assert proposal.status == CoProposal.Status.ACCEPTED
    with pytest.raises(RecordError):
        _form(world, proposal)


def test_second_open_proposal_is_refused(world):
    _births(world)
    pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
    )
    with pytest.raises(RecordError):
        pathway.propose_co_group(
            world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
        )


def test_declined_proposal_allows_a_new_one(world):
    _births(world)
    first = pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
    )
    pathway.decline_co_proposal(first, by=world.jgz_coordinator)
    pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
    )


def test_cz_session_10_becomes_the_first_co_session(world):
    _births(world)
    proposal = pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
    )
    co_group = _form(world, proposal)
    cz10 = world.sessions[9]
    co1 = make_session(co_group, 1, cz10.date, world.jgz.room)
    link = pathway.link_kickoff_session(cz10, co1, by=world.coordinator)
    assert Session.objects.get(pk=cz10.pk).co_kickoff == link
    assert Session.objects.get(pk=co1.pk).cz_origin == link
    with pytest.raises(RecordError):
        pathway.link_kickoff_session(cz10, co1, by=world.coordinator)


def test_kickoff_refuses_wrong_sessions(world):
    _births(world)
    proposal = pathway.propose_co_group(
        world.group, jgz_organisation=world.jgz.org, agreeing=world.clients, by=world.coordinator
    )
    co_group = _form(world, proposal)
    co1 = make_session(co_group, 1, world.sessions[9].date, world.jgz.room)
    co2 = make_session(co_group, 2, world.sessions[9].date + dt.timedelta(days=30), world.jgz.room)
    with pytest.raises(RecordError):
        pathway.link_kickoff_session(world.sessions[8], co1, by=world.coordinator)  # CZ 9
    with pytest.raises(RecordError):
        pathway.link_kickoff_session(world.sessions[9], co2, by=world.coordinator)  # CO 2
    other = Group.objects.create(
        organisation=world.jgz.org,
        programme=co_group.programme,
        name="Ander",
        location=world.jgz.location,
        weekday="tue",
        daypart=world.jgz.daypart,
        lead=world.jgz_nurse,
        co=world.jgz_assistant,
    )
    other1 = make_session(other, 1, world.sessions[9].date + dt.timedelta(days=1), world.jgz.room)
    with pytest.raises(RecordError):
        pathway.link_kickoff_session(world.sessions[9], other1, by=world.coordinator)
