"""Issue 12 points 2 and 5, on the demo as loaded today: every page each of the six demo logins
can reach by following links is Dutch (no English interface word), and no link leads to a page
the user may not open (403) or that is not there (404) or fails (5xx)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kring.accounts.models import User
from kring.organisations.demo import DEMO_LOGINS
from tests.web.conftest import logged_in
from tests.web.dutch_text import crawl, english_on

pytestmark = pytest.mark.django_db

# The API's reference for integrators is generated from the code's own descriptions (OpenAPI),
# in English like the schema it documents; every page a coordinator or facilitator works in is
# crawled.
FOR_INTEGRATORS = ("/api/v1/docs/",)
# The foundation's login belongs to no organisation: its pages start at the national view.
HOME = {"landelijk@centering.example": "/national/"}


def test_every_reachable_page_is_dutch_and_allowed_for_every_demo_login(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    problems: list[str] = []
    visited = 0
    for _role, username, _password in DEMO_LOGINS:
        browser = logged_in(User.objects.get(username=username))
        start = HOME.get(username, "/")
        for path, response, referrer in crawl(browser, start, per_pattern=1, limit=60):
            visited += 1
            if response.status_code >= 400:
                problems.append(f"{username}: {response.status_code} on {path} (linked from {referrer})")
            elif "text/html" in response.get("Content-Type", "") and not path.startswith(FOR_INTEGRATORS):
                problems += [
                    f"{username}: English on {path}: {hit}" for hit in english_on(response.content.decode())
                ]
    assert visited > 100
    assert not problems, "\n".join(problems)


def test_the_detector_finds_english(as_coordinator):
    """The check above could fail: the same pages in English are full of hits."""
    from django.conf import settings

    as_coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = as_coordinator.get(reverse("web:dashboard")).content.decode()
    dutch_page = '<p title="Sluiten">Deelnemers van <b>Ayşe</b> in groep 2</p><p>/sessions/1/day/</p>'
    assert len(english_on(english)) >= 3
    assert english_on(dutch_page) == []
    assert english_on("<p>Loopt session 2</p>") == ["session: Loopt session 2"]
