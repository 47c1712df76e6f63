"""Login and the security baseline: argon2, e-mail or username login, throttling, CSP, 2FA
devices, session expiry, and a clean `check --deploy` with production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


def login(username, password=PASSWORD, ip="192.0.2.1"):
    return authenticate(
        RequestFactory().post("/login/", REMOTE_ADDR=ip), username=username, password=password
    )


def test_passwords_are_hashed_with_argon2():
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_login_with_username_or_email_in_any_case():
    user = UserFactory(username="anna", email="anna@linde.example")
    assert login("anna") == user
    assert login("Anna@Linde.Example") == user
    assert login("anna", "wrong") is None


def test_email_is_unique_regardless_of_case():
    from django.db import IntegrityError, transaction

    UserFactory(email="bea@linde.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="BEA@linde.example")


def test_login_is_throttled_after_repeated_failures():
    UserFactory(username="cora")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert login("cora", "wrong") is None
    assert login("cora") is None  # locked out, even with the right password
    assert login("cora", ip="192.0.2.99") is not None  # another address is not locked


def test_totp_device_verifies_a_current_token():
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="telefoon")
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert device.verify_token(f"{token:0{device.digits}d}")


def test_two_factor_is_off_for_the_demo_settings():
    assert settings.KRING_REQUIRE_2FA is False


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_strict_content_security_policy_header(client):
    response = client.get("/admin/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_superuser_can_be_created_with_email():
    user = User.objects.create_superuser("root", "root@linde.example", "x" * 16)
    assert user.is_superuser


def production_env(**extra):
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    # The browser tests' conftest allows async-unsafe calls in this process; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        KRING_SECRET_KEY="p" * 20 + "-production-key-for-the-deploy-check-only-" + "q" * 20,
        KRING_ALLOWED_HOSTS="kring.example.nl",
        KRING_DEBUG="false",
        DJANGO_SETTINGS_MODULE="kring.settings",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_turn_on_https_cookies_and_two_factor():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.KRING_REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True"]
