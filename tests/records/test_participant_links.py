"""Personal links: only a hash is stored; revoked and expired links show nothing."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from kring.records.errors import RecordError
from kring.records.services.participant_links import (
    create_participant_link,
    resolve_participant_link,
    revoke_participant_link,
)


def test_link_resolves_to_its_client_and_stores_only_a_hash(world):
    link, token = create_participant_link(world.clients[0], by=world.midwife, language="en")
    assert token not in link.token_hash and len(link.token_hash) == 64
    assert resolve_participant_link(token).client == world.clients[0]


@pytest.mark.parametrize("token", ["", "nonsense", "x" * 500])
def test_unknown_token_resolves_to_nothing(world, token):
    create_participant_link(world.clients[0], by=world.midwife)
    assert resolve_participant_link(token) is None


def test_revoked_link_resolves_to_nothing(world):
    link, token = create_participant_link(world.clients[0], by=world.midwife)
    revoke_participant_link(link)
    assert resolve_participant_link(token) is None


def test_expired_link_resolves_to_nothing(world):
    _link, token = create_participant_link(world.clients[0], by=world.midwife, valid_days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert resolve_participant_link(token) is None


@pytest.mark.parametrize(("language", "days"), [("fr", 30), ("nl", 0), ("nl", 5000)])
def test_bad_link_settings_are_refused(world, language, days):
    with pytest.raises(RecordError):
        create_participant_link(world.clients[0], by=world.midwife, language=language, valid_days=days)
