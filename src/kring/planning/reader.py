"""A small strict reader for JSON objects that collects every problem with its path.

Used by the exchange-format readers so that a malformed instance produces a list like
``clients[C17].anchor_date: expected a date YYYY-MM-DD, got '2027-02-30'`` instead of a
traceback. Objects in lists are named by their ``id`` where they have one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


class FormatError(ValueError):
    """A document does not follow the exchange format; `problems` says where and why."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []


class Reader:
    """Reads fields of one JSON object at `path`; problems go to a shared list."""

    def __init__(self, data: Any, path: str, errors: _Errors | None = None):
        self.data = data if isinstance(data, dict) else {}
        self.path = path
        self._errors = errors or _Errors()

    # -- problems

    def error(self, message: str) -> None:
        self._errors.items.append(f"{self.path}: {message}" if self.path else message)

    def raise_if_errors(self) -> None:
        if self._errors.items:
            raise FormatError(self._errors.items)

    @property
    def has_errors(self) -> bool:
        return bool(self._errors.items)

    def allow(self, *keys: str) -> None:
        """Any field beyond `keys` and `meta` is an error (SPEC section 1)."""
        for key in self.data:
            if key == "meta":
                if not isinstance(self.data[key], dict):
                    self.error("meta: expected an object")
            elif key not in keys:
                self.error(f"unknown field '{key}'")

    # -- nesting

    @contextmanager
    def at(self, key: str) -> Iterator[None]:
        saved = self.path
        self.path = f"{saved}.{key}" if saved else key
        try:
            yield
        finally:
            self.path = saved

    @contextmanager
    def child(self, key: str, *, optional: bool = False) -> Iterator[Reader | None]:
        raw = self.get(key, dict, optional=optional)
        yield None if raw is None else Reader(raw, self._join(key), self._errors)

    @contextmanager
    def item(self, key: str, index: int, raw: Any) -> Iterator[Reader | None]:
        name = raw.get("id") if isinstance(raw, dict) else None
        label = f"{key}[{name}]" if isinstance(name, str) and name else f"{key}[{index}]"
        path = f"{self.path}.{label}" if self.path and self.path != "instance" else label
        if not isinstance(raw, dict):
            self._errors.items.append(f"{path}: expected an object")
            yield None
            return
        yield Reader(raw, path, self._errors)

    def _join(self, key: str) -> str:
        if not self.path or self.path in ("instance", "plan"):
            return key
        return f"{self.path}.{key}"

    def _field_error(self, key: str, message: str) -> None:
        self._errors.items.append(f"{self._join(key)}: {message}")

    # -- typed getters: each returns None after recording a problem

    def get(self, key: str, kind: type, *, optional: bool = False) -> Any:
        if key not in self.data:
            if not optional:
                self._field_error(key, "required field is missing")
            return None
        value = self.data[key]
        if kind is int and isinstance(value, bool):
            self._field_error(key, f"expected an integer, got {value!r}")
            return None
        if not isinstance(value, kind):
            self._field_error(key, f"expected {_KIND_NAMES.get(kind, kind.__name__)}, got {_show(value)}")
            return None
        return value

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.get(key, str, optional=optional)
        if value is not None and not value:
            self._field_error(key, "expected a non-empty string")
            return None
        return value

    id = text

    def flag(self, key: str, *, optional: bool = False) -> bool | None:
        return self.get(key, bool, optional=optional)  # type: ignore[no-any-return]

    def integer(self, key: str, *, minimum: int | None = None, optional: bool = False) -> int | None:
        value = self.get(key, int, optional=optional)
        if value is not None and minimum is not None and value < minimum:
            self._field_error(key, f"expected an integer >= {minimum}, got {value}")
            return None
        return value  # type: ignore[no-any-return]

    def number(self, key: str, *, nullable: bool = False) -> float | None:
        if nullable and self.data.get(key, 0) is None:
            if key not in self.data:
                self._field_error(key, "required field is missing")
            return None
        value = self.get(key, (int, float))  # type: ignore[arg-type]
        if isinstance(value, bool):
            self._field_error(key, f"expected a number, got {value!r}")
            return None
        return None if value is None else float(value)

    def int_pair(self, key: str) -> tuple[int, int] | None:
        value = self.get(key, list)
        if value is None:
            return None
        if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            self._field_error(key, f"expected two integers [lo, hi], got {_show(value)}")
            return None
        return (value[0], value[1])

    def choice(self, key: str, options: tuple[str, ...]) -> str | None:
        value = self.text(key)
        if value is not None and value not in options:
            self._field_error(key, f"expected one of {', '.join(options)}, got {_show(value)}")
            return None
        return value

    def date(self, key: str, *, optional: bool = False) -> dt.date | None:
        value = self.get(key, str, optional=optional)
        return None if value is None else self._parse_date(key, value)

    def _parse_date(self, key: str, value: str) -> dt.date | None:
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self._field_error(key, f"expected a date YYYY-MM-DD, got {_show(value)}")
        return None

    def time(self, key: str) -> dt.time | None:
        value = self.get(key, str)
        if value is None:
            return None
        if not _TIME.match(value):
            self._field_error(key, f"expected a time HH:MM, got {_show(value)}")
            return None
        return dt.time.fromisoformat(value)

    def datetime(self, key: str) -> dt.datetime | None:
        value = self.get(key, str)
        if value is None:
            return None
        if _DATETIME.match(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                pass
        self._field_error(key, f"expected a date-time like 2027-03-02T19:00:00+01:00, got {_show(value)}")
        return None

    def array(self, key: str, *, optional: bool = False, allow_empty: bool = False) -> list[Any] | None:
        value = self.get(key, list, optional=optional)
        if value is not None and not value and not allow_empty:
            self._field_error(key, "expected a non-empty list")
            return None
        return value  # type: ignore[no-any-return]

    def id_list(self, key: str, *, optional: bool = False, allow_empty: bool = False) -> list[str] | None:
        value = self.array(key, optional=optional, allow_empty=allow_empty)
        if value is None:
            return None
        if not all(isinstance(v, str) and v for v in value):
            self._field_error(key, f"expected a list of non-empty strings, got {_show(value)}")
            return None
        return value

    def date_list(self, key: str, *, optional: bool = False) -> list[dt.date | None] | None:
        value = self.array(key, optional=optional)
        if value is None:
            return None
        result: list[dt.date | None] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self._field_error(f"{key}[{index}]", f"expected a date YYYY-MM-DD, got {_show(item)}")
                result.append(None)
            else:
                result.append(self._parse_date(f"{key}[{index}]", item))
        return result

    def objects(
        self,
        key: str,
        read: Callable[[Reader], T | None],
        *,
        optional: bool = False,
        allow_empty: bool = False,
    ) -> list[T] | None:
        """Read a list of objects with `read`; ids must be unique within the list."""
        items = self.array(key, optional=optional, allow_empty=allow_empty)
        if items is None:
            return None
        result: list[T] = []
        seen: set[str] = set()
        for index, raw in enumerate(items):
            with self.item(key, index, raw) as sub:
                if sub is None:
                    continue
                ident = raw.get("id")
                if isinstance(ident, str) and ident:
                    if ident in seen:
                        sub.error(f"duplicate id '{ident}'")
                    seen.add(ident)
                value = read(sub)
                if value is not None:
                    result.append(value)
        return result


_KIND_NAMES = {str: "a string", int: "an integer", dict: "an object", list: "a list", bool: "true or false"}


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
