"""`manage.py run_demo`: what it does before it serves (the serving itself is `make demo`)."""

from __future__ import annotations

import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kring.web.management.commands.run_demo import needs_database_worker, port_is_free


def test_tasks_go_through_the_database_so_a_worker_is_needed():
    assert needs_database_worker()


def test_no_worker_for_in_process_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert not needs_database_worker()


def test_busy_port_stops_the_demo_with_a_clear_message():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        assert not port_is_free("127.0.0.1", port)
        with pytest.raises(CommandError, match="is the demo already running"):
            call_command("run_demo", port=port, stdout=StringIO())


def test_free_port_is_free():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    assert port_is_free("127.0.0.1", port)


def test_a_worker_that_dies_is_started_again_and_stopped_at_the_end():
    import subprocess
    import sys
    import time

    from kring.web.management.commands.run_demo import WorkerSupervisor

    started: list[subprocess.Popen] = []

    def start():
        # the first "worker" dies at once, as db_worker did on "database is locked"; the next lives
        code = "import sys; sys.exit(1)" if not started else "import time; time.sleep(60)"
        started.append(subprocess.Popen([sys.executable, "-c", code]))  # noqa: S603 - fixed code
        return started[-1]

    said: list[str] = []
    supervisor = WorkerSupervisor(start, write=said.append, check_every=0.05)
    deadline = time.monotonic() + 30
    while supervisor.restarts == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    supervisor.stop()

    assert supervisor.restarts == 1
    assert "starting it again" in said[0]
    assert len(started) == 2
    assert started[1].poll() is not None  # stopped with the demo
