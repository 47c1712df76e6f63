import pytest

from tests.acceptance.urls_with_ids import Objects, build_objects


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # argon2 is deliberately slow; the records world has nine logins per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def objects(db) -> Objects:
    return build_objects()
