"""Two-factor login with django-otp: a TOTP app on the phone, plus one-time recovery codes.

The web layer's login flow uses these: after the password step, `needs_second_factor(request)`
says whether to ask for a code (always when `KRING_REQUIRE_2FA`; otherwise only for users who
set up a device), `start_totp_setup` gives the QR-code URL, `confirm_totp_setup` and
`verify_second_factor` check a code and mark the session verified (`request.user.is_verified()`).
"""

from __future__ import annotations

import secrets

import django_otp
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10


def needs_second_factor(request) -> bool:
    """True while a logged-in user still has to give a second factor in this session."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return settings.KRING_REQUIRE_2FA or django_otp.user_has_device(user)


def needs_setup(user) -> bool:
    """True when two-factor login is required and the user has no confirmed device yet."""
    return settings.KRING_REQUIRE_2FA and not django_otp.user_has_device(user)


def start_totp_setup(user, name: str = "Authenticator") -> TOTPDevice:
    """An unconfirmed TOTP device; show `device.config_url` as a QR code, then confirm."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=name, confirmed=False)


def confirm_totp_setup(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns fresh recovery codes, or None when the
    code is wrong. The session counts as verified afterwards."""
    if device.user_id != request.user.pk or not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    return new_recovery_codes(request.user)


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new single-use ones (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify_second_factor(request, token: str) -> bool:
    """Check a TOTP or recovery code against the user's confirmed devices; on success the
    session is verified."""
    device = django_otp.match_token(request.user, token.strip().replace(" ", ""))
    if device is None:
        return False
    django_otp.login(request, device)
    return True
