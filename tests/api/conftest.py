"""The records world (tests/records/builders.py) with API tokens: the practice's coordinator
holds a read-write and a read-only token; the outsider (coordinator of another practice) holds
a read-write token for their own organisation."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from kring.api.tokens import create_token
from tests.records.builders import World, build_world


@dataclass
class Keys:
    write: str
    read: str
    outsider: str


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def keys(world) -> Keys:
    org = world.practice.org
    _token, write = create_token(org, world.coordinator, name="agenda", read_only=False)
    _token, read = create_token(org, world.coordinator, name="rapportage", read_only=True)
    _token, outsider = create_token(world.other.org, world.outsider, name="elders", read_only=False)
    return Keys(write, read, outsider)


def api_client(key: str | None = None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api(keys) -> APIClient:
    """The practice's coordinator with a read-write token."""
    return api_client(keys.write)
