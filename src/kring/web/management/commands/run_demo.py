"""Serve the demo: a background-task worker (when tasks go through the database) and the web
server on 127.0.0.1:8000, after printing the demo logins.

`make demo` runs `migrate` and `load_demo` first; this command only serves, so running it again
simply starts the same demo again. Static files are served by `runserver --insecure`, which
keeps DEBUG off: the demo shows the same error pages and security headers as production.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DATABASE_TASK_BACKEND = "django_tasks_db.DatabaseBackend"
WORKER_STOP_SECONDS = 10
WORKER_CHECK_SECONDS = 2.0


class WorkerSupervisor:
    """Keeps one `db_worker` process alive: a worker that dies (a database error it did not
    survive, a crash) is started again, so queued planner runs never wait for nobody."""

    def __init__(self, start, *, write=print, check_every: float = WORKER_CHECK_SECONDS):
        self._start, self._write, self._every = start, write, check_every
        self._stopping = threading.Event()
        self.process: subprocess.Popen = start()
        self.restarts = 0
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stopping.wait(self._every):
            code = self.process.poll()
            if code is not None and not self._stopping.is_set():
                self._write(f"The background-task worker stopped (exit code {code}); starting it again.")
                self.process = self._start()
                self.restarts += 1

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        worker = self.process
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def needs_database_worker() -> bool:
    """True when some task backend queues tasks in the database and so needs `db_worker`."""
    backends = getattr(settings, "TASKS", {})
    return any(config.get("BACKEND") == DATABASE_TASK_BACKEND for config in backends.values())


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _exit_on_signal(signum, frame):
    raise SystemExit(0)


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, username, password) for each demo persona, from the demo loader when it says."""
    try:
        from kring.organisations.demo import DEMO_LOGINS
    except ImportError:
        return []
    return [(str(role), str(username), str(password)) for role, username, password in DEMO_LOGINS]


class Command(BaseCommand):
    help = "Serve the Kring demo on 127.0.0.1:8000 with a background-task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("KRING_DEMO_PORT", "8000")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the task worker.")

    def handle(self, *args, host: str, port: int, no_worker: bool, **options):
        if not port_is_free(host, port):
            raise CommandError(
                f"Port {port} on {host} is in use: is the demo already running? "
                f"Stop it with Ctrl+C, or choose another port with KRING_DEMO_PORT=8001 make demo."
            )
        self.print_logins(host, port)
        worker = None
        if needs_database_worker() and not no_worker:
            worker = WorkerSupervisor(self.start_worker, write=self.stdout.write)
        # Stopped by a service manager or `timeout` (SIGTERM): stop the worker too, as for Ctrl+C.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.stop()

    def print_logins(self, host: str, port: int) -> None:
        self.stdout.write(self.style.SUCCESS(f"Kring demo: http://{host}:{port}/"))
        logins = demo_logins()
        if not logins:
            self.stdout.write("Log in with a user created by `manage.py load_demo`.")
            return
        self.stdout.write("Demo logins (synthetic data only):")
        width = max(len(role) for role, _, _ in logins)
        for role, username, password in logins:
            self.stdout.write(f"  {role.ljust(width)}  {username}  /  {password}")

    def start_worker(self) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "kring.settings"),
        }
        self.stdout.write("Starting the background-task worker (db_worker).")
        return subprocess.Popen([sys.executable, "-m", "django", "db_worker"], env=env)
