import pytest

from tests.records.builders import build_world


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # argon2 is deliberately slow; the world has nine logins per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    return build_world()
