"""Transfer fixtures: tasks run in the request (the demo uses the database worker), and the
web personas of tests/web."""

from __future__ import annotations

import pytest

from tests.web.conftest import (  # noqa: F401  (fixtures)
    as_coordinator,
    as_facilitator,
    as_midwife,
    as_outsider,
    as_privacy_officer,
    logged_in,
)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
