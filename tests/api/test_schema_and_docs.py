"""The OpenAPI 3 schema is generated from the code and describes every resource; the
documentation page is rendered from it on the server, with nothing from another site and no
inline script or style (the strict CSP)."""

from __future__ import annotations

import json
import re

import pytest

EXPECTED = [
    "/api/v1/organisations/",
    "/api/v1/locations/",
    "/api/v1/rooms/",
    "/api/v1/people/",
    "/api/v1/clients/",
    "/api/v1/clients/{id}/",
    "/api/v1/groups/",
    "/api/v1/sessions/",
    "/api/v1/enrolments/",
    "/api/v1/attendance/",
    "/api/v1/measurements/",
    "/api/v1/outcomes/",
    "/api/v1/planner-runs/",
    "/api/v1/planner-runs/{id}/plan/",
    "/api/v1/planner-runs/{id}/publish/",
    "/api/v1/plan-versions/{number}/",
]


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_is_openapi_3_and_lists_every_resource(schema):
    assert schema["openapi"].startswith("3.")
    assert set(EXPECTED) <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_the_schema_documents_filters_pagination_and_ids(schema):
    listing = schema["paths"]["/api/v1/clients/"]["get"]
    parameters = {p["name"]: p for p in listing["parameters"]}
    detail = schema["paths"]["/api/v1/clients/{id}/"]["get"]["parameters"][0]

    assert {"page", "page_size", "programme", "waiting", "ordering"} <= set(parameters)
    assert parameters["waiting"]["schema"]["type"] == "boolean"
    assert detail["schema"]["type"] == "integer"
    page = schema["components"]["schemas"]["PaginatedClientList"]["properties"]
    assert {"count", "next", "previous", "results"} <= set(page)


def test_the_schema_marks_the_writable_client_fields(schema):
    client = schema["components"]["schemas"]["Client"]

    assert {"programme", "given_name", "family_name"} <= set(client["required"])
    assert client["properties"]["due_date"]["format"] == "date"
    assert client["properties"]["id"]["readOnly"] is True


def test_the_documentation_page_needs_nothing_from_outside(client, db):
    response = client.get("/api/v1/docs/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "/api/v1/clients/" in html and "PaginatedClientList" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    sources = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_schema_generates_without_a_warning(tmp_path, db):
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yaml"))

    assert "/api/v1/clients/" in (tmp_path / "schema.yaml").read_text(encoding="utf-8")


def test_the_api_root_leads_to_the_documentation(client, db):
    response = client.get("/api/v1/")

    assert response.status_code == 302 and response["Location"] == "/api/v1/docs/"
