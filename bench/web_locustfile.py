"""Locust users for `make bench-web` (bench/web.py starts it headless on the loopback).

Each user logs in as the benchmark coordinator with one of the static two-factor codes that
bench/web.py prepared, then opens the main pages in turn, plus the bare view as the yardstick.
The ids to open come from the JSON file in KRING_BENCH_TARGETS."""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

TARGETS = json.loads(open(os.environ["KRING_BENCH_TARGETS"]).read())  # noqa: SIM115
CODES = itertools.cycle(TARGETS["codes"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Coordinator(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        page = self.client.get("/login/", name="login")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/login/",
            {"username": TARGETS["username"], "password": TARGETS["password"], "csrfmiddlewaretoken": token},
            name="login",
        )
        page = self.client.get("/login/two-factor/", name="login")
        token = CSRF.search(page.text).group(1)
        answer = self.client.post(
            "/login/two-factor/", {"code": next(CODES), "csrfmiddlewaretoken": token}, name="login"
        )
        if "/login" in answer.url:
            raise RuntimeError("the benchmark user could not log in")

    @task(3)
    def bare(self) -> None:
        self.client.get("/bench/bare/", name="bare view")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(2)
    def client_search(self) -> None:
        self.client.get(f"/clients/?q={random.choice(TARGETS['searches'])}", name="client search")

    @task(2)
    def client_page(self) -> None:
        self.client.get(f"/clients/{random.choice(TARGETS['clients'])}/", name="client page")

    @task(2)
    def group_page(self) -> None:
        self.client.get(f"/groups/{random.choice(TARGETS['groups'])}/", name="group page")

    @task(1)
    def planner_review(self) -> None:
        if TARGETS["run"]:
            self.client.get(f"/planning/runs/{TARGETS['run']}/", name="planner review")

    @task(2)
    def session_day(self) -> None:
        self.client.get(f"/sessions/{random.choice(TARGETS['sessions'])}/day/", name="session day")
