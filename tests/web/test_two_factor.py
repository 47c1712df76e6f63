"""Two-factor login: with KRING_REQUIRE_2FA every page first asks for a code; a user without
an app links one (QR code, key, first code) and gets recovery codes once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts.twofactor import new_recovery_codes


@pytest.fixture
def required(settings):
    settings.KRING_REQUIRE_2FA = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_pages_ask_for_the_second_factor_first(required, practice, as_coordinator):
    response = as_coordinator.get(reverse("web:client_list"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:two_factor')}?next=%2Fclients%2F"


def test_without_an_app_the_user_links_one_and_gets_recovery_codes(
    required, practice, coordinator, as_coordinator
):
    start = as_coordinator.get(reverse("web:two_factor"), {"next": "/clients/"})
    assert start["Location"] == f"{reverse('web:two_factor_setup')}?next=%2Fclients%2F"

    setup = as_coordinator.get(start["Location"])
    content = setup.content.decode()
    assert "<svg" in content
    assert 'class="mainnav"' not in content  # no menu before the second step is done
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    done = as_coordinator.post(start["Location"], {"code": current_code(device), "next": "/clients/"})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert as_coordinator.get(reverse("web:client_list")).status_code == 200


def test_wrong_first_code_does_not_link_the_app(required, practice, coordinator, as_coordinator):
    setup = reverse("web:two_factor_setup")
    as_coordinator.get(setup)

    response = as_coordinator.post(setup, {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_wrong_code_is_refused_with_a_clear_message(required, practice, coordinator, as_coordinator):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    response = as_coordinator.post(reverse("web:two_factor"), {"code": "000000", "next": "/"})

    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert as_coordinator.get(reverse("web:dashboard")).status_code == 302


def test_right_code_opens_the_page_asked_for(required, practice, coordinator, as_coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    response = as_coordinator.post(
        reverse("web:two_factor"), {"code": current_code(device), "next": "/groups/"}
    )

    assert response["Location"] == "/groups/"
    assert as_coordinator.get(reverse("web:group_list")).status_code == 200


def test_recovery_code_works_once(required, practice, coordinator, as_coordinator):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    code = new_recovery_codes(coordinator)[0]

    first = as_coordinator.post(reverse("web:two_factor"), {"code": code, "next": "/"})
    as_coordinator.post(reverse("web:logout"))
    as_coordinator.force_login(coordinator, backend="kring.accounts.backends.EmailOrUsernameBackend")
    again = as_coordinator.post(reverse("web:two_factor"), {"code": code, "next": "/"})

    assert first.status_code == 302
    assert again.status_code == 200


def test_password_alone_cannot_link_another_app(required, practice, coordinator, as_coordinator):
    TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    response = as_coordinator.get(reverse("web:two_factor_setup"))

    assert response["Location"].startswith(reverse("web:two_factor"))
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_second_step_is_not_an_open_redirect(required, practice, coordinator, as_coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)

    response = as_coordinator.post(
        reverse("web:two_factor"), {"code": current_code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("web:dashboard")


def test_not_required_and_no_app_means_no_second_step(practice, as_coordinator):
    assert as_coordinator.get(reverse("web:dashboard")).status_code == 200
