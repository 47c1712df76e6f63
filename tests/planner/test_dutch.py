"""Dutch everywhere on the planner (issue 12, point 2): every page and message path renders in
Dutch, and this test fails on English text the app forgot to translate: rule conflicts are
worded from the core's codes, progress phases from the solver's codes."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from kring.planner import adjust
from kring.planner.models import PlanningRun
from kring.planner.phases import phase_label
from kring.planner.publish import publish_run
from kring.planner.rule_text import SENTENCES, violation_text
from kring.planner.runs import start_run
from kring.planning import rules
from tests.web.conftest import BACKEND

pytestmark = pytest.mark.django_db

# Words that appear on a Dutch page only when something was left in English. (Not "is", "in",
# "plan", "start": those are Dutch too.)
ENGLISH = {
    "the", "and", "with", "without", "session", "sessions", "group", "groups", "outside", "window",
    "its", "running", "candidates", "penalty", "rule", "move", "facilitators", "unpin", "place",
    "optimiser", "greedy", "quick", "queued", "lead", "published", "version", "changes", "room",
}  # fmt: skip


def visible_words(page: str) -> set[str]:
    body = page.split("<body", 1)[-1]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def assert_dutch(page: str, where: str) -> None:
    english = visible_words(page) & ENGLISH
    assert not english, f"English on the Dutch {where}: {sorted(english)}"


def rule_codes() -> set[str]:
    """Every violation code the core can report (its registry, one entry per code)."""
    return set(rules.CODES)


def test_every_rule_code_of_the_core_has_a_dutch_sentence():
    codes = rule_codes()
    assert len(codes) > 40  # the pattern still finds the core's codes
    assert codes <= set(SENTENCES), sorted(codes - set(SENTENCES))
    with translation.override("nl"):
        for code in codes:
            text = violation_text(rules.Violation(1, code, "english", group="G1"), {"G1": "CZ dinsdagavond"})
            assert_dutch(text, f"sentence for {code}")
            with translation.override("en"):
                english = violation_text(rules.Violation(1, code, "x", group="G1"), {"G1": "CZ dinsdagavond"})
            assert text != english, code


def test_progress_phases_read_as_dutch_sentences():
    with translation.override("nl"):
        codes = ["start", "repair", "fill", "greedy", "rolling", "candidates", "bound", "search", "done"]
        for code in [*codes, "window 1.2", "pass 3", "something new"]:
            label = phase_label(code)
            assert label and code not in label.lower(), (code, label)
            assert_dutch(label, f"phase {code}")
        assert phase_label("window 1.2") == "Verbeteren: ronde 1, periode 2"


def test_planner_pages_and_messages_are_dutch(client, plannable, settings):
    client.force_login(plannable.coordinator, backend=BACKEND)
    run = start_run(plannable.organisation, plannable.coordinator, method="greedy")
    run.refresh_from_db()
    _instance, plan = adjust.load(run)
    group, session = plan.groups[0], plan.groups[0].sessions[2]

    pages = {
        "planning home": reverse("planner:home"),
        "review": reverse("planner:run", args=[run.pk]),
        "review by week": reverse("planner:run", args=[run.pk]) + "?view=week",
        "publish confirmation": reverse("planner:publish", args=[run.pk]),
        "absences": reverse("planner:absences"),
        "move form": reverse("planner:edit", args=[run.pk, "session"]) + f"?group={group.id}&number=3",
        "facilitators form": reverse("planner:edit", args=[run.pk, "facilitators"]) + f"?group={group.id}",
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_dutch(response.content.decode(), where)

    # A finished plan is "Klaar", not the records' "Gedaan" (the same English word, another meaning).
    assert '<span class="badge">Klaar</span>' in client.get(pages["review"]).content.decode()

    # A move far outside the session's weeks: the conflict is worded in Dutch, not the core's English.
    moved = client.post(
        reverse("planner:edit", args=[run.pk, "session"]),
        {
            "revision": run.revision,
            "s-group": group.id,
            "s-number": session.number,
            "s-date": (session.date + dt.timedelta(days=140)).isoformat(),
            "s-room": session.room,
            "preview": "1",
        },
    )
    page = moved.content.decode()
    assert 'id="edit-conflicts"' in page
    assert "bijeenkomst 3 op" in page
    assert_dutch(page, "move conflict")

    # Progress of a queued run, on the page and in its JSON.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = start_run(plannable.organisation, plannable.coordinator)
    PlanningRun.objects.filter(pk=queued.pk).update(
        status=PlanningRun.Status.RUNNING, progress_phase="window 1.2"
    )
    assert_dutch(client.get(reverse("planner:run", args=[queued.pk])).content.decode(), "progress page")
    status = client.get(reverse("planner:status", args=[queued.pk])).json()
    assert status["phase"] == "Verbeteren: ronde 1, periode 2"

    # (Moeder0 reads English: her invitation is rightly English. Here every message is Dutch.)
    type(plannable.clients[0]).objects.filter(pk=plannable.clients[0].pk).update(languages=["nl"])
    version = publish_run(run, plannable.coordinator)
    assert_dutch(client.get(reverse("planner:version", args=[version.number])).content.decode(), "version")
