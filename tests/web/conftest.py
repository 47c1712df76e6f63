"""Web fixtures on top of the personas in tests/conftest.py: a logged-in test client per persona."""

from __future__ import annotations

import pytest
from django.test import Client

BACKEND = "kring.accounts.backends.EmailOrUsernameBackend"


def logged_in(user) -> Client:
    browser = Client()
    browser.force_login(user, backend=BACKEND)
    return browser


@pytest.fixture
def as_coordinator(coordinator) -> Client:
    return logged_in(coordinator)


@pytest.fixture
def as_midwife(midwife) -> Client:
    return logged_in(midwife)


@pytest.fixture
def as_facilitator(facilitator) -> Client:
    return logged_in(facilitator)


@pytest.fixture
def as_privacy_officer(privacy_officer) -> Client:
    return logged_in(privacy_officer)


@pytest.fixture
def as_outsider(outsider) -> Client:
    return logged_in(outsider)
