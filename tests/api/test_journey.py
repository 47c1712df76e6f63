"""Issue 10, point 6: the API journey against the running server with a real HTTP client.

The server runs in its own thread (pytest-django's live server, on loopback), the client is
urllib, the planner run is solved by the real database worker (`manage.py db_worker --batch`,
run here in the test's thread), and the fetched plan is checked with the `kring check`
command in a subprocess.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from kring.api.models import ApiToken
from tests.planner.conftest import make_plannable
from tests.records.builders import PASSWORD

KRING = str(Path(sys.executable).with_name("kring"))  # the installed `kring` command


@pytest.fixture(autouse=True)
def _database_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.KRING_PLANNER_TIME_LIMIT_S = 5
    settings.KRING_PLANNER_WORKERS = 1
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Browser:
    """A coordinator's browser: cookies and the CSRF token, nothing else."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict) -> str:
        data = urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(  # noqa: S310 (our own loopback server)
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def call(base: str, key: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 (our own loopback server)
        path if path.startswith("http") else base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our own loopback server)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_token_clients_run_plan_check(live_server, tmp_path, transactional_db):
    practice = make_plannable("journey", clients=30)
    practice.coordinator.set_password(PASSWORD)
    practice.coordinator.save()
    base = live_server.url

    # 1. The coordinator logs in and makes a read-write token on the API tokens page.
    browser = Browser(base)
    browser.get("/login/")
    browser.post("/login/", {"username": practice.coordinator.username, "password": PASSWORD})
    page = browser.post("/api-tokens/", {"name": "journey"})
    key = re.search(r"kring_[0-9a-f]{12}_[\w-]+", page).group(0)
    assert ApiToken.objects.get(name="journey").read_only is False

    # 2. Page through the clients, 7 at a time.
    seen, url, pages = [], "/api/v1/clients/?page_size=7&ordering=due_date", 0
    while url:
        status, page_data = call(base, key, "GET", url)
        assert status == 200 and page_data["count"] == 30
        seen += [c["id"] for c in page_data["results"]]
        url, pages = page_data["next"], pages + 1
    assert pages == 5 and sorted(seen) == sorted(c.pk for c in practice.clients)

    # 3. Start a run; the database worker solves it while we poll.
    status, run = call(base, key, "POST", "/api/v1/planner-runs/", {"method": "cpsat"})
    assert status == 202 and run["status"] == "queued"
    call_command("db_worker", "--batch", "--no-startup-delay")
    for _attempt in range(60):
        status, run = call(base, key, "GET", f"/api/v1/planner-runs/{run['id']}/")
        if run["status"] not in ("queued", "running"):
            break
        time.sleep(0.5)
    assert run["status"] == "done", run

    # 4. Fetch the plan and the instance it was made from, and check them with `kring check`.
    status, plan = call(base, key, "GET", f"/api/v1/planner-runs/{run['id']}/plan/")
    assert status == 200 and plan["format"] == "kring-plan/1"
    _status, instance = call(base, key, "GET", f"/api/v1/planner-runs/{run['id']}/instance/")
    (tmp_path / "instance.json").write_text(json.dumps(instance), encoding="utf-8")
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    checked = subprocess.run(  # noqa: S603
        [KRING, "check", str(tmp_path / "instance.json"), str(tmp_path / "plan.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert str(plan["penalty"]) in checked.stdout
