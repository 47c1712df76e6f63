"""Checking and importing the rows of a client or people list.

`evaluate(job)` turns every row into an outcome: new, update (with the changed fields),
unchanged, or error (with the reason per field). The pure part (reading the file, dates,
lists) is `kring.interop.tabular`; the rules are the models' own `clean()`, so an import
accepts exactly what the forms accept. `apply(job, user)` imports everything in one
transaction, or nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kring.audit.log import record_access
from kring.audit.models import AccessLog
from kring.care.models import Client, Programme
from kring.interop.tabular import DateProblem, Table, TableError, parse_availability, parse_date, split_list
from kring.organisations.models import Organisation, Person, ProgrammeCode, Role

Progress = Callable[[int, int], None]

CLIENT_DATE_FIELDS = ("date_of_birth", "due_date", "baby_birth_date")
CLIENT_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "called_name",
    "bsn",
    "email",
    "phone",
    "postcode",
    "baby_given_name",
    "baby_bsn",
)
REQUIRED_COLUMNS = {"clients": ("given_name", "family_name"), "people": ("given_name", "family_name")}
PROGRAMME_ALIASES = {
    "cz": ProgrammeCode.CZ,
    "centeringzwangerschap": ProgrammeCode.CZ,
    "zwangerschap": ProgrammeCode.CZ,
    "co": ProgrammeCode.CO,
    "centeringouderschap": ProgrammeCode.CO,
    "ouderschap": ProgrammeCode.CO,
}
ROLE_ALIASES = {
    "coordinator": Role.Kind.COORDINATOR,
    "coördinator": Role.Kind.COORDINATOR,
    "cz_lead": Role.Kind.CZ_LEAD,
    "czlead": Role.Kind.CZ_LEAD,
    "verloskundige": Role.Kind.CZ_LEAD,
    "co_lead": Role.Kind.CO_LEAD,
    "colead": Role.Kind.CO_LEAD,
    "jgz": Role.Kind.CO_LEAD,
    "co_facilitator": Role.Kind.CO_FACILITATOR,
    "cofacilitator": Role.Kind.CO_FACILITATOR,
    "co-facilitator": Role.Kind.CO_FACILITATOR,
    "tolk": Role.Kind.INTERPRETER,
    "interpreter": Role.Kind.INTERPRETER,
    "privacy_officer": Role.Kind.PRIVACY_OFFICER,
    "privacyofficer": Role.Kind.PRIVACY_OFFICER,
    "privacyfunctionaris": Role.Kind.PRIVACY_OFFICER,
}


class Status:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class Outcome:
    row: int  # the line in the file (the header is line 1)
    status: str
    label: str
    changes: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    obj: Any = None  # the unsaved Client or Person
    roles: list[str] = field(default_factory=list)  # people: roles to add

    def as_json(self) -> dict:
        existing = self.obj is not None and self.obj.pk is not None and self.status != Status.NEW
        return {
            "row": self.row,
            "status": self.status,
            "label": self.label,
            "changes": self.changes,
            "errors": self.errors,
            # The existing record the row matched: showing its old values is a read of it.
            "match": self.obj.pk if existing else None,
        }


def table_error_message(code: TableError) -> str:
    return {
        TableError.EMPTY: _("The file is empty."),
        TableError.NOT_A_TABLE: _(
            "This is not a CSV or Excel file. Save the list as CSV (semicolons or commas) "
            "or as Excel (.xlsx)."
        ),
        TableError.OLD_EXCEL: _(
            "This is an old Excel file (.xls). Save it as .xlsx or CSV and upload it again."
        ),
        TableError.BROKEN_EXCEL: _("This Excel file cannot be read; it may be damaged or protected."),
        TableError.TOO_MANY_COLUMNS: _("The file has more than 200 columns; is the first row the header?"),
        TableError.NO_HEADER: _("The first row has no column names."),
    }[code]


def date_message(problem: DateProblem) -> str:
    if problem is DateProblem.NO_SUCH_DATE:
        return _("This date does not exist (for example 29-02 in a year that is not a leap year).")
    return _("Not a date; write it as 01-02-2027 or 2027-02-01.")


def missing_columns(kind: str, mapping: dict[str, str]) -> list[str]:
    return [name for name in REQUIRED_COLUMNS[kind] if name not in mapping.values()]


def _row_values(table: Table, mapping: dict[str, str]) -> list[dict[str, str]]:
    index = {column: position for position, column in enumerate(table.header)}
    used = {column: name for column, name in mapping.items() if column in index and name}
    return [{name: row[index[column]] for column, name in used.items()} for row in table.rows]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{day}: {' '.join(parts)}" for day, parts in value.items())
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            name: [str(m) for m in ValidationError(errors).messages]
            for name, errors in error.error_dict.items()
        }
    return {"__all__": [str(m) for m in error.messages]}


def _set(obj: Any, name: str, value: Any, outcome: Outcome, is_new: bool) -> None:
    old = getattr(obj, name)
    if old != value:
        if not is_new:
            outcome.changes[name] = [_shown(old), _shown(value)]
        setattr(obj, name, value)


# ---------------------------------------------------------------- clients


def _client_typed(values: dict[str, str], outcome: Outcome) -> dict[str, Any]:
    typed: dict[str, Any] = {}
    for name in CLIENT_TEXT_FIELDS:
        if values.get(name):
            typed[name] = values[name]
    for name in ("bsn", "baby_bsn"):
        if name in typed:
            typed[name] = "".join(char for char in typed[name] if char not in " .-")
    for name in CLIENT_DATE_FIELDS:
        parsed = parse_date(values.get(name, ""))
        if isinstance(parsed, DateProblem):
            outcome.errors.setdefault(name, []).append(date_message(parsed))
        elif parsed is not None:
            typed[name] = parsed
    if values.get("languages"):
        typed["languages"] = split_list(values["languages"])
    programme = values.get("programme", "")
    if programme:
        code = PROGRAMME_ALIASES.get(_fold(programme).replace(" ", ""))
        if code is None:
            outcome.errors.setdefault("programme", []).append(_("Unknown programme; write CZ or CO."))
        else:
            typed["programme"] = code
    return typed


class _ClientIndex:
    """The organisation's clients by BSN and by (name, due date), and the rows seen so far."""

    def __init__(self, organisation: Organisation):
        self.by_bsn: dict[str, Client] = {}
        self.by_name: dict[tuple, Client] = {}
        for client in Client.objects.filter(organisation=organisation).select_related("programme"):
            if client.bsn:
                self.by_bsn[client.bsn] = client
            self.by_name[(_fold(client.given_name), _fold(client.family_name), client.due_date)] = client
        self.seen: dict[tuple, int] = {}

    def name_key(self, typed: dict[str, Any], existing: Client | None = None) -> tuple:
        given = typed.get("given_name", existing.given_name if existing else "")
        family = typed.get("family_name", existing.family_name if existing else "")
        due = typed.get("due_date", existing.due_date if existing else None)
        return (_fold(given), _fold(family), due)

    def match(self, typed: dict[str, Any]) -> Client | None:
        if typed.get("bsn") and typed["bsn"] in self.by_bsn:
            return self.by_bsn[typed["bsn"]]
        if typed.get("due_date"):
            return self.by_name.get(self.name_key(typed))
        return None

    def duplicate_of(self, typed: dict[str, Any], row: int) -> tuple[str, int] | None:
        keys = [("name", self.name_key(typed))] if typed.get("due_date") else []
        if typed.get("bsn"):
            keys.insert(0, ("bsn", typed["bsn"]))
        for kind, key in keys:
            if (kind, key) in self.seen:
                return kind, self.seen[(kind, key)]
        for kind, key in keys:
            self.seen[(kind, key)] = row
        return None


def _evaluate_client(
    organisation: Organisation, programmes: dict[str, Programme], index: _ClientIndex, values: dict, row: int
) -> Outcome:
    outcome = Outcome(
        row=row,
        status=Status.NEW,
        label=" ".join(filter(None, (values.get("given_name"), values.get("family_name")))),
    )
    typed = _client_typed(values, outcome)
    duplicate = index.duplicate_of(typed, row)
    if duplicate is not None:
        kind, first = duplicate
        name = "bsn" if kind == "bsn" else "family_name"
        outcome.errors.setdefault(name, []).append(
            _("The same client as in row %(row)s of this file (same BSN, or same name and due date).")
            % {"row": first}
        )
    existing = index.match(typed)
    if existing is not None and existing.bsn and typed.get("bsn") and existing.bsn != typed["bsn"]:
        # Same name and due date but another BSN: two people, or a typing error; never overwrite.
        outcome.errors.setdefault("bsn", []).append(
            _("A client with this name and due date is already registered with another BSN.")
        )
        outcome.status = Status.ERROR
        return outcome
    is_new = existing is None
    if is_new:
        code = typed.pop("programme", None) or (
            ProgrammeCode.CO
            if typed.get("baby_birth_date") and not typed.get("due_date")
            else ProgrammeCode.CZ
        )
        programme = programmes.get(code)
        if programme is None:
            outcome.errors.setdefault("programme", []).append(
                _("This organisation does not run this programme.")
            )
            outcome.status = Status.ERROR
            return outcome
        client = Client(organisation=organisation, programme=programme)
    else:
        client = existing
        if typed.pop("programme", client.programme.code) != client.programme.code:
            outcome.errors.setdefault("programme", []).append(
                _("An existing client cannot change programme by import.")
            )
    for name, value in typed.items():
        _set(client, name, value, outcome, is_new)
    outcome.obj = client
    if not is_new and not outcome.changes and not outcome.errors:
        outcome.status = Status.UNCHANGED
        return outcome
    try:
        client.clean_fields(exclude=["organisation", "programme", "parent_client"])
        client.clean()
    except ValidationError as error:
        for name, messages in _messages(error).items():
            outcome.errors.setdefault(name, []).extend(messages)
    if outcome.errors:
        outcome.status = Status.ERROR
    elif not is_new:
        outcome.status = Status.UPDATE
    return outcome


# ---------------------------------------------------------------- people


class _PersonIndex:
    def __init__(self, organisation: Organisation):
        self.by_email: dict[str, Person] = {}
        self.by_agb: dict[str, Person] = {}
        self.by_name: dict[tuple, Person] = {}
        for person in Person.objects.filter(organisation=organisation).prefetch_related("roles"):
            if person.email:
                self.by_email[person.email.casefold()] = person
            if person.agb_code:
                self.by_agb[person.agb_code] = person
            self.by_name[(_fold(person.given_name), _fold(person.family_name))] = person
        self.seen: dict[tuple, int] = {}

    def keys(self, values: dict[str, str]) -> list[tuple]:
        keys: list[tuple] = []
        if values.get("email"):
            keys.append(("email", values["email"].casefold()))
        if values.get("agb_code"):
            keys.append(("agb", values["agb_code"]))
        keys.append(("name", _fold(values.get("given_name", "")), _fold(values.get("family_name", ""))))
        return keys

    def match(self, values: dict[str, str]) -> Person | None:
        for key in self.keys(values):
            found = {"email": self.by_email, "agb": self.by_agb, "name": self.by_name}[key[0]].get(
                key[1] if len(key) == 2 else key[1:]
            )
            if found is not None:
                return found
        return None


def _evaluate_person(organisation: Organisation, index: _PersonIndex, values: dict, row: int) -> Outcome:
    outcome = Outcome(
        row=row,
        status=Status.NEW,
        label=" ".join(filter(None, (values.get("given_name"), values.get("family_name")))),
    )
    for key in index.keys(values):
        if key in index.seen:
            outcome.errors.setdefault("family_name", []).append(
                _("The same person as in row %(row)s of this file.") % {"row": index.seen[key]}
            )
            break
    for key in index.keys(values):
        index.seen.setdefault(key, row)
    typed: dict[str, Any] = {
        name: values[name]
        for name in ("given_name", "family_name", "email", "phone", "agb_code", "big_number", "profession")
        if values.get(name)
    }
    if values.get("languages"):
        typed["languages"] = split_list(values["languages"])
    if values.get("availability"):
        availability = parse_availability(values["availability"])
        if availability is None:
            outcome.errors.setdefault("availability", []).append(
                _("Write availability as 'ma: ochtend avond; wo: middag'.")
            )
        else:
            typed["availability"] = availability
    roles = []
    for text in split_list(values.get("roles", "")):
        role = ROLE_ALIASES.get(text)
        if role is None:
            outcome.errors.setdefault("roles", []).append(_("Unknown role: %(role)s.") % {"role": text})
        else:
            roles.append(str(role))
    existing = index.match(values)
    is_new = existing is None
    person = existing or Person(organisation=organisation)
    for name, value in typed.items():
        _set(person, name, value, outcome, is_new)
    have = person.role_codes() if not is_new else set()
    outcome.roles = [role for role in dict.fromkeys(roles) if role not in have]
    if outcome.roles and not is_new:
        outcome.changes["roles"] = [", ".join(sorted(have)), ", ".join(sorted(have | set(outcome.roles)))]
    outcome.obj = person
    if not is_new and not outcome.changes and not outcome.errors:
        outcome.status = Status.UNCHANGED
        return outcome
    try:
        person.clean_fields(exclude=["organisation", "user"])
        person.clean()
    except ValidationError as error:
        for name, messages in _messages(error).items():
            outcome.errors.setdefault(name, []).extend(messages)
    if outcome.errors:
        outcome.status = Status.ERROR
    elif not is_new:
        outcome.status = Status.UPDATE
    return outcome


# ---------------------------------------------------------------- the two steps


PROGRESS_EVERY = 250


def evaluate(
    organisation: Organisation,
    kind: str,
    table: Table,
    mapping: dict[str, str],
    progress: Progress | None = None,
) -> list[Outcome]:
    rows = _row_values(table, mapping)
    outcomes: list[Outcome] = []
    if kind == "clients":
        index: Any = _ClientIndex(organisation)
        programmes = {p.code: p for p in Programme.objects.filter(organisation=organisation)}
    else:
        index = _PersonIndex(organisation)
    for position, values in enumerate(rows):
        row = position + 2
        if kind == "clients":
            outcomes.append(_evaluate_client(organisation, programmes, index, values, row))
        else:
            outcomes.append(_evaluate_person(organisation, index, values, row))
        if progress is not None and (position + 1) % PROGRESS_EVERY == 0:
            progress(position + 1, len(rows))
    if progress is not None:
        progress(len(rows), len(rows))
    return outcomes


def count(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {Status.NEW: 0, Status.UPDATE: 0, Status.UNCHANGED: 0, Status.ERROR: 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts


class ImportRefused(Exception):
    """Some row has an error: nothing is imported."""

    def __init__(self, outcomes: list[Outcome]):
        super().__init__("import refused")
        self.outcomes = outcomes


def save_all(
    organisation: Organisation, kind: str, outcomes: list[Outcome], *, user, filename: str, path: str = ""
) -> dict[str, int]:
    """Write every new and changed row in one transaction, with an access-log entry per client;
    raises ImportRefused (nothing written) when any row has an error."""
    if any(outcome.status == Status.ERROR for outcome in outcomes):
        raise ImportRefused(outcomes)
    with transaction.atomic():
        for outcome in outcomes:
            if outcome.status not in (Status.NEW, Status.UPDATE):
                continue
            obj = outcome.obj
            obj.save()
            if kind == "clients":
                record_access(
                    user=user,
                    action=AccessLog.Action.CREATE
                    if outcome.status == Status.NEW
                    else AccessLog.Action.CHANGE,
                    organisation=organisation,
                    client=obj,
                    path=path,
                    detail=f"import {filename} row {outcome.row}"
                    + (f": {', '.join(sorted(outcome.changes))}" if outcome.changes else ""),
                )
            else:
                for role in outcome.roles:
                    Role.objects.create(person=obj, role=role)
    return count(outcomes)
