"""`make bench-web`: the web pages under load (issue 11, point 3). Not part of `make test`.

Needs DATABASE_URL pointing at a PostgreSQL database loaded with `python -m bench.scale_data`.
Starts gunicorn with the production settings (plus one bare view, bench/web_settings.py) on the
loopback, runs Locust headless for KRING_BENCH_SECONDS (default 600) with KRING_BENCH_USERS
(default 50) users, and writes p50 / p95 / max per page, each as a ratio to the bare view in the
same run, with the machine's load, to docs/benchmarks-web.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
REPORT = PROJECT / "docs" / "benchmarks-web.md"
# the hand-written analysis between these markers survives a re-run
NOTES = re.compile(r"<!-- notes -->.*?<!-- /notes -->", re.DOTALL)
PAGES = ["dashboard", "client search", "client page", "group page", "planner review", "session day"]


def prepare(codes: int) -> dict:
    """Pick the largest scale-data organisation, give its coordinator static two-factor codes and a
    finished (quick) planning run, and list ids to open."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from bench.scale_data import BENCH_PASSWORD
    from kring.care.models import Client, Group, Session
    from kring.organisations.models import Organisation, Person, Role
    from kring.planner.models import PlanningRun
    from kring.planner.runs import execute_run, start_run

    organisation = (
        Organisation.objects.filter(name__startswith="Regio ")
        .annotate(n=Count("clients"))
        .order_by("-n")
        .first()
    )
    if organisation is None:
        raise SystemExit("no scale data here: run `python -m bench.scale_data` on this database first")
    person = Person.objects.filter(organisation=organisation, roles__role=Role.Kind.COORDINATOR).first()
    user = person.user
    user.password = make_password(BENCH_PASSWORD)
    user.save(update_fields=["password"])
    device, _ = StaticDevice.objects.get_or_create(user=user, name="bench")
    device.token_set.all().delete()
    tokens = [secrets.token_hex(6) for _ in range(codes)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in tokens)
    run = PlanningRun.objects.filter(organisation=organisation, status=PlanningRun.Status.DONE).first()
    if run is None:
        run = start_run(organisation, user, method=PlanningRun.Method.GREEDY, enqueue=False)
        execute_run(run.pk)
        run.refresh_from_db()
    running = Group.objects.filter(organisation=organisation, status=Group.Status.RUNNING)
    clients = Client.objects.filter(organisation=organisation)
    return {
        "username": user.username,
        "password": BENCH_PASSWORD,
        "codes": tokens,
        "clients": list(clients.order_by("?").values_list("pk", flat=True)[:200]),
        "groups": list(running.values_list("pk", flat=True)[:50]),
        "sessions": list(Session.objects.filter(group__in=running).values_list("pk", flat=True)[:100]),
        "searches": ["Anna", "Ayşe", "Regio0-1", "Noor", "client1"],
        "run": run.pk if run.status == PlanningRun.Status.DONE else None,
        "organisation": organisation.name,
        "clients_in_database": Client.objects.count(),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_stats(path: Path) -> dict[str, dict]:
    with path.open() as stream:
        return {row["Name"]: row for row in csv.DictReader(stream)}


def ms(row: dict, column: str) -> float:
    value = row.get(column) or "0"
    return float(value) if value != "N/A" else 0.0


def report(stats: dict[str, dict], targets: dict, seconds: int, users: int, workers: int, load: tuple) -> str:
    bare = stats["bare view"]
    base = {
        k: max(ms(bare, c), 0.1) for k, c in (("p50", "50%"), ("p95", "95%"), ("max", "Max Response Time"))
    }
    lines = [
        "# Web benchmark (`make bench-web`)",
        "",
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores): "
        f"{users} Locust users for {seconds} s on the loopback against gunicorn with {workers} workers "
        f"(production settings, PostgreSQL), organisation {targets['organisation']!r} of "
        f"{targets['clients_in_database']} clients in the database. Load average (1, 5, 15 min) before: "
        f"{' '.join(f'{x:.1f}' for x in load[0])}; after: {' '.join(f'{x:.1f}' for x in load[1])}.",
        "",
        "| page | requests | failures | p50 ms | p95 ms | max ms | p50 × bare | p95 × bare | max × bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ["bare view", *PAGES, "login"]:
        row = stats.get(name)
        if row is None:
            lines.append(f"| {name} | – | – | | | | | | |")
            continue
        p50, p95, top = ms(row, "50%"), ms(row, "95%"), ms(row, "Max Response Time")
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {p50:.0f} | {p95:.0f} | "
            f"{top:.0f} | {p50 / base['p50']:.1f} | {p95 / base['p95']:.1f} | {top / base['max']:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "set DATABASE_URL to a PostgreSQL database with scale data (python -m bench.scale_data)"
        )
    seconds = int(os.environ.get("KRING_BENCH_SECONDS", "600"))
    users = int(os.environ.get("KRING_BENCH_USERS", "50"))
    workers = int(os.environ.get("KRING_WEB_WORKERS", "4"))
    targets = prepare(codes=users * 2)
    work = Path(tempfile.mkdtemp(prefix="kring-bench-web-"))
    (work / "targets.json").write_text(json.dumps(targets))
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.web_settings",
        KRING_SECRET_KEY=os.environ.get("KRING_SECRET_KEY", secrets.token_urlsafe(50)),
        KRING_ALLOWED_HOSTS="127.0.0.1",
        KRING_HTTPS="false",  # plain http on the loopback: TLS belongs to the proxy in front
        KRING_STATIC_ROOT=str(work / "static"),
        KRING_LOG_LEVEL="WARNING",
        KRING_BENCH_TARGETS=str(work / "targets.json"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
    )
    python = Path(sys.executable)
    subprocess.run(  # noqa: S603
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=PROJECT, env=env, check=True
    )
    server = subprocess.Popen(  # noqa: S603
        [
            python.parent / "gunicorn",
            "-c",
            "python:kring.config.gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=PROJECT,
        env=env,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        load_before = os.getloadavg()
        subprocess.run(  # noqa: S603
            [
                python.parent / "locust",
                "-f",
                str(PROJECT / "bench" / "web_locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 10)),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=PROJECT,
            env=env,
            check=False,
        )
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=60)
    stats = read_stats(work / "locust_stats.csv")
    text = report(stats, targets, seconds, users, workers, (load_before, load_after))
    previous = REPORT.read_text() if REPORT.exists() else ""
    notes = NOTES.search(previous)
    text += (
        "\n"
        + (notes.group(0) if notes else "<!-- notes -->\n(No analysis written yet.)\n<!-- /notes -->")
        + "\n"
    )
    REPORT.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
