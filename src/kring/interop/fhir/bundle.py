"""Putting resources together: a Bundle for one client, NDJSON lines for a bulk export."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        # Measurements have at most two decimals: a float holds them exactly enough.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as FHIR JSON")


def to_json(resource: dict, *, indent: int | None = None) -> str:
    return json.dumps(resource, default=_json_default, ensure_ascii=False, indent=indent)


def collection_bundle(
    resources: Iterable[dict], *, base_url: str, bundle_id: str, timestamp: dt.datetime
) -> dict:
    """A `collection` Bundle; every entry's fullUrl is `base_url/Type/id`, so the relative
    references between them resolve inside the bundle."""
    base = base_url.rstrip("/")
    entries = [
        {"fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}", "resource": resource}
        for resource in resources
    ]
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "type": "collection",
        "timestamp": timestamp.isoformat(),
        "entry": entries,
    }


def ndjson_lines(resources: Iterable[dict]) -> dict[str, list[str]]:
    """FHIR Bulk Data style: per resource type, one JSON document per line."""
    by_type: dict[str, list[str]] = {}
    for resource in resources:
        by_type.setdefault(resource["resourceType"], []).append(to_json(resource))
    return by_type
