"""Two requests with the same Idempotency-Key at the same moment make one client, and both get
its response. Real threads and connections, so PostgreSQL only (as tests/planner's concurrency)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kring.api.tokens import create_token
from kring.care.models import Client
from tests.api.conftest import api_client
from tests.records.builders import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def test_the_same_key_at_once_makes_one_client():
    world = build_world()
    _token, key = create_token(world.practice.org, world.coordinator, name="twee", read_only=False)
    body = {
        "programme": "CZ",
        "given_name": "Tegelijk",
        "family_name": "Tweemaal",
        "due_date": world.clients[0].due_date.isoformat(),
    }
    barrier = threading.Barrier(2)
    responses = []

    def send():
        try:
            barrier.wait()
            response = api_client(key).post(
                "/api/v1/clients/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-moment"
            )
            responses.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [status for status, _body in responses] == [201, 201]
    assert responses[0][1] == responses[1][1]
    assert Client.objects.filter(given_name="Tegelijk").count() == 1
