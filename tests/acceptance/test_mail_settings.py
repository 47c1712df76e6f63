"""Mail from the planner's outbox works out of the box in the demo: the console backend."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def _setting(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KRING_")} | env
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    result = subprocess.run(  # noqa: S603 - our own interpreter with a fixed program
        [sys.executable, "-c", code], cwd=PROJECT, env=clean, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_demo_prints_mail_to_the_console_by_default():
    assert _setting("EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend"


def test_smtp_is_chosen_through_the_environment():
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert _setting("EMAIL_BACKEND", KRING_EMAIL_BACKEND=smtp) == smtp
    assert _setting("KRING_PLANNER_TIME_LIMIT_S", KRING_PLANNER_TIME_LIMIT_S="90") == "90"
