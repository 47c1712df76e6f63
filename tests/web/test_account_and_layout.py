"""Logging in and out, the language and organisation switchers, and the layout rules every
page keeps: Dutch first, English on request, no inline scripts or styles (strict CSP)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client as Browser
from django.urls import reverse

import kring.web
from kring.organisations.access import SESSION_KEY
from kring.organisations.models import Role
from tests.factories import PASSWORD, LocationFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.web.test_pages_by_persona import page_urls

PO_FILE = Path(kring.web.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_login_page_is_dutch_by_default(client, db):
    response = client.get(reverse("web:login"))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in content
    assert "Inloggen bij Kring" in content


def test_login_with_username_or_email_goes_to_dashboard(practice, coordinator):
    for name in (coordinator.username, coordinator.email.upper()):
        browser = Browser()
        response = browser.post(reverse("web:login"), {"username": name, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("web:dashboard")


def test_login_returns_to_the_page_asked_for(practice, coordinator):
    wanted = reverse("web:group_list")

    response = Browser().post(
        reverse("web:login"), {"username": coordinator.username, "password": PASSWORD, "next": wanted}
    )

    assert response["Location"] == wanted


def test_login_never_redirects_to_another_site(practice, coordinator):
    response = Browser().post(
        reverse("web:login"),
        {"username": coordinator.username, "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("web:dashboard")


def test_wrong_password_shows_a_clear_message(practice, coordinator, client):
    response = client.post(reverse("web:login"), {"username": coordinator.username, "password": "wrong"})

    assert response.status_code == 200
    assert 'class="errorlist nonfield"' in response.content.decode()


def test_repeated_wrong_passwords_lock_the_login(practice, coordinator, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("web:login"), {"username": coordinator.username, "password": "wrong"})

    response = client.post(reverse("web:login"), {"username": coordinator.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Te veel pogingen" in response.content.decode()


def test_logout_needs_a_post(as_coordinator):
    assert as_coordinator.get(reverse("web:logout")).status_code == 405

    response = as_coordinator.post(reverse("web:logout"))

    assert response["Location"] == reverse("web:login")
    assert as_coordinator.get(reverse("web:dashboard")).status_code == 302


def test_dutch_even_for_a_browser_that_prefers_english(as_coordinator):
    content = as_coordinator.get(
        reverse("web:dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()

    assert '<html lang="nl">' in content


def test_language_switch_to_english_and_back(as_coordinator):
    dashboard = reverse("web:dashboard")

    response = as_coordinator.post(reverse("web:set_language"), {"language": "en", "next": dashboard})
    english = as_coordinator.get(dashboard).content.decode()
    as_coordinator.post(reverse("web:set_language"), {"language": "nl", "next": dashboard})
    dutch = as_coordinator.get(dashboard).content.decode()

    assert response["Location"] == dashboard
    assert '<html lang="en">' in english and "Sessions this week" in english
    assert '<html lang="nl">' in dutch and "Bijeenkomsten deze week" in dutch


@pytest.fixture
def two_organisations(practice, coordinator):
    """The coordinator also coordinates a second organisation."""
    other = OrganisationFactory(name="Tweede Praktijk", slug="tweede")
    LocationFactory(organisation=other, name="Tweede Locatie")
    PersonFactory(organisation=other, user=coordinator, roles=[Role.Kind.COORDINATOR])
    return other


def test_organisation_switcher_appears_only_with_several_organisations(practice, as_coordinator):
    assert 'name="organisation"' not in as_coordinator.get(reverse("web:dashboard")).content.decode()


def test_switch_organisation_shows_the_other_organisation(practice, two_organisations, as_coordinator):
    as_coordinator.post(reverse("web:switch_organisation"), {"organisation": practice.organisation.pk})
    before = as_coordinator.get(reverse("web:location_list")).content.decode()

    response = as_coordinator.post(reverse("web:switch_organisation"), {"organisation": two_organisations.pk})
    after = as_coordinator.get(reverse("web:location_list")).content.decode()

    assert 'name="organisation"' in before
    assert response["Location"] == reverse("web:dashboard")
    assert as_coordinator.session[SESSION_KEY] == two_organisations.pk
    assert "Centrum" in before and "Tweede Locatie" not in before
    assert "Tweede Locatie" in after and "Centrum" not in after
    # Objects of the first organisation are out of reach while working in the second.
    assert as_coordinator.get(reverse("web:location_detail", args=[practice.location.pk])).status_code == 404


def test_cannot_switch_to_an_organisation_one_does_not_belong_to(practice, outsider, as_coordinator):
    foreign = outsider.people.get().organisation

    response = as_coordinator.post(reverse("web:switch_organisation"), {"organisation": foreign.pk})

    assert response.status_code == 404
    assert as_coordinator.session.get(SESSION_KEY) != foreign.pk


def test_user_without_organisation_gets_an_explanation(db, client):
    user = UserFactory()
    client.force_login(user, backend="kring.accounts.backends.EmailOrUsernameBackend")

    response = client.get(reverse("web:dashboard"))

    assert response.status_code == 403
    assert "Geen organisatie" in response.content.decode()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def test_no_page_has_inline_script_or_style(practice, as_coordinator, client):
    pages = [as_coordinator.get(url) for url in page_urls(practice).values()]
    pages.append(client.get(reverse("web:login")))

    for response in pages:
        content = response.content.decode()
        assert not INLINE_SCRIPT.search(content), response.request["PATH_INFO"]
        assert not INLINE_STYLE.search(content), response.request["PATH_INFO"]
        assert not INLINE_HANDLER.search(content), response.request["PATH_INFO"]


def test_pages_are_sent_with_a_strict_content_security_policy(as_coordinator):
    policy = as_coordinator.get(reverse("web:dashboard"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def po_entries(text: str) -> list[dict[str, str]]:
    """The .po file's entries as {"msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]", ...},
    with wrapped (multi-line) strings joined; whatever tool wrote the file."""
    entries = []
    for block in text.split("\n\n"):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                entry[key] += ast.literal_eval(line)
                continue
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def test_every_dutch_translation_is_filled_in():
    text = PO_FILE.read_text(encoding="utf-8")
    entries = po_entries(text)

    empty = [e["msgid"] for e in entries if any(v == "" for k, v in e.items() if k.startswith("msgstr"))]

    assert len(entries) > 100
    assert empty == []
    assert "#, fuzzy" not in text


def test_compiled_translations_match_the_sources():
    """The .mo file is committed (tests and `pip install` need no gettext); it must hold every
    translation of the .po file."""
    catalog = gettext.GNUTranslations(PO_FILE.with_suffix(".mo").open("rb"))

    for entry in po_entries(PO_FILE.read_text(encoding="utf-8")):
        if "msgid_plural" in entry:
            found = catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            expected = entry["msgstr[0]"]
        elif "msgctxt" in entry:
            found, expected = catalog.pgettext(entry["msgctxt"], entry["msgid"]), entry["msgstr"]
        else:
            found, expected = catalog.gettext(entry["msgid"]), entry["msgstr"]
        assert found == expected, entry["msgid"]
    assert catalog.pgettext("kring", "Log out") == "Uitloggen"
