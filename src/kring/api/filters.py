"""Declared filters and ordering for list endpoints.

A view lists its filters in `filters` (query parameter -> `Filter`) and its sort keys in
`orderings` (name -> model fields); the primary key always comes last, so every order is
stable from page to page. Unknown values get a 400 naming the parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend

_TRUE, _FALSE = {"true", "1", "yes", "ja"}, {"false", "0", "no", "nee"}


def parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise exceptions.ValidationError({name: [_("Use true or false.")]})


def parse_int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: [_("Use a whole number.")]}) from None


def parse_date(name: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({name: [_("Use a date as YYYY-MM-DD.")]}) from None


def parse_str(name: str, raw: str) -> str:
    return raw


_SCHEMA_TYPES = {parse_bool: "boolean", parse_int: "integer", parse_date: "string", parse_str: "string"}


@dataclass(frozen=True)
class Filter:
    lookup: str | Callable[[QuerySet, object], QuerySet]
    parse: Callable[[str, str], object] = parse_str
    description: str = ""

    def apply(self, queryset: QuerySet, value: object) -> QuerySet:
        if callable(self.lookup):
            return self.lookup(queryset, value)
        return queryset.filter(**{self.lookup: value})


class DeclaredFilters(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        for name, declared in getattr(view, "filters", {}).items():
            raw = request.query_params.get(name)
            if raw not in (None, ""):
                queryset = declared.apply(queryset, declared.parse(name, raw))
        orderings = getattr(view, "orderings", {})
        asked = request.query_params.get("ordering") or getattr(view, "default_ordering", "")
        descending = asked.startswith("-")
        key = asked.lstrip("-")
        if key and key not in orderings:
            raise exceptions.ValidationError(
                {"ordering": [_("Order by one of: %(keys)s.") % {"keys": ", ".join(sorted(orderings))}]}
            )
        fields = [*orderings.get(key, ()), "pk"]
        return queryset.order_by(*(f"-{field}" if descending else field for field in fields))

    def get_schema_operation_parameters(self, view):
        parameters = [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": declared.description,
                "schema": {
                    "type": _SCHEMA_TYPES.get(declared.parse, "string"),
                    **({"format": "date"} if declared.parse is parse_date else {}),
                },
            }
            for name, declared in getattr(view, "filters", {}).items()
        ]
        orderings = getattr(view, "orderings", {})
        if orderings:
            parameters.append(
                {
                    "name": "ordering",
                    "required": False,
                    "in": "query",
                    "description": "Sort key, '-' first for descending; ties are broken by id.",
                    "schema": {"type": "string", "enum": sorted([*orderings, *(f"-{k}" for k in orderings)])},
                }
            )
        return parameters
