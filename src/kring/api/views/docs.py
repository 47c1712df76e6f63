"""The OpenAPI schema and a documentation page rendered on the server from that same schema:
plain HTML and one stylesheet from our own static files, so it works offline and under the
strict CSP (no script, no inline style, nothing from another site)."""

from __future__ import annotations

from django.template.response import TemplateResponse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

METHODS = ("get", "post", "put", "patch", "delete")


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "object")
    if kind == "array":
        return f"[{_type(schema.get('items', {}))}]"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"] if v not in ("", None)) or kind
    return kind + (f" ({schema['format']})" if "format" in schema else "")


def _body(operation: dict) -> str:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return _type(schema) if schema else ""


def _operations(schema: dict) -> list[dict]:
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _body(operation),
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


def _components(schema: dict) -> list[dict]:
    components = []
    for name, definition in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(definition.get("required", []))
        fields = [
            {
                "name": field,
                "type": _type(spec),
                "read_only": spec.get("readOnly", False),
                "required": field in required,
                "description": spec.get("description", ""),
            }
            for field, spec in definition.get("properties", {}).items()
        ]
        components.append({"name": name, "fields": fields, "enum": definition.get("enum")})
    return components


def docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    context = {
        "info": schema.get("info", {}),
        "operations": _operations(schema),
        "components": _components(schema),
    }
    return TemplateResponse(request, "api/docs.html", context)
