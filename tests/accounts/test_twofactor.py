from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django_otp.middleware import OTPMiddleware
from django_otp.oath import totp

from kring.accounts import twofactor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    OTPMiddleware(lambda r: None)(request)  # wraps request.user with is_verified()
    return request


def current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_without_requirement_users_without_device_are_not_asked(settings):
    settings.KRING_REQUIRE_2FA = False
    assert not twofactor.needs_second_factor(request_for(UserFactory()))


def test_with_requirement_everyone_is_asked_and_must_set_up(settings):
    settings.KRING_REQUIRE_2FA = True
    user = UserFactory()
    assert twofactor.needs_second_factor(request_for(user))
    assert twofactor.needs_setup(user)


def test_totp_setup_confirm_and_verify(settings):
    settings.KRING_REQUIRE_2FA = True
    user = UserFactory()
    request = request_for(user)
    device = twofactor.start_totp_setup(user)
    assert device.config_url.startswith("otpauth://totp/")
    codes = twofactor.confirm_totp_setup(request, device, current_code(device))
    assert codes is not None and len(codes) == twofactor.RECOVERY_CODES
    assert not twofactor.needs_setup(user)

    later = request_for(user)  # a new session: asked again
    assert twofactor.needs_second_factor(later)
    assert twofactor.verify_second_factor(later, codes[0])
    assert not twofactor.needs_second_factor(later)
    assert not twofactor.verify_second_factor(request_for(user), codes[0])  # recovery codes are single-use
    assert not twofactor.verify_second_factor(request_for(user), "123")


def test_a_wrong_code_does_not_confirm_and_throttles(settings):
    user = UserFactory()
    request = request_for(user)
    device = twofactor.start_totp_setup(user)
    assert twofactor.confirm_totp_setup(request, device, "abcdef") is None
    device.refresh_from_db()
    assert not device.confirmed
    # django-otp throttles after a failure: even the right code waits a moment
    assert twofactor.confirm_totp_setup(request, device, current_code(device)) is None
