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
