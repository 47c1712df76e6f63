"""Showing access-log entries to the privacy officer in her language.

Entries store their detail as a short English code-like text ("attendance session 28",
"waiting list for planning: clients 31,32"), written by many views over the years. The log is
append-only, so old rows cannot be rewritten: instead every known pattern is recognised here
and worded through the catalogue, with its numbers as parameters. Client ids named in a detail
come back separately so the page can show names and links. Unknown details are shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

_CLIENTS = re.compile(r"[:;]\s*(?:clients shown:|clients)\s+([\d,]+|none)\s*$")


@dataclass(frozen=True)
class DetailText:
    text: str
    client_ids: tuple[int, ...]


# Order matters: the first pattern that matches the whole detail (clients list removed) wins.
_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"participant record"), lambda m: _("participant record")),
    (re.compile(r"birth registration"), lambda m: _("birth registration")),
    (re.compile(r"outcomes"), lambda m: _("outcomes")),
    (re.compile(r"personal link (\d+) revoked"), lambda m: _("personal link %(n)s revoked") % {"n": m[1]}),
    (re.compile(r"personal link (\d+)"), lambda m: _("personal link %(n)s") % {"n": m[1]}),
    (re.compile(r"photo"), lambda m: _("photo")),
    (re.compile(r"photo added"), lambda m: _("photo added")),
    (re.compile(r"photo removed"), lambda m: _("photo removed")),
    (
        re.compile(r"self-measurement names, session (\d+)"),
        lambda m: _("self-measurement names, session %(n)s") % {"n": m[1]},
    ),
    (
        re.compile(r"self-measurement form session (\d+)"),
        lambda m: _("self-measurement form, session %(n)s") % {"n": m[1]},
    ),
    (
        re.compile(r"self-measurement session (\d+): (.*)"),
        lambda m: _("self-measurement, session %(n)s: %(what)s") % {"n": m[1], "what": m[2]},
    ),
    (re.compile(r"session (\d+)"), lambda m: _("session day, session %(n)s") % {"n": m[1]}),
    (re.compile(r"attendance session (\d+)"), lambda m: _("attendance, session %(n)s") % {"n": m[1]}),
    (
        re.compile(r"session (\d+) participant panel"),
        lambda m: _("participant panel, session %(n)s") % {"n": m[1]},
    ),
    (
        re.compile(r"professional check session (\d+)"),
        lambda m: _("professional check, session %(n)s") % {"n": m[1]},
    ),
    (re.compile(r"private note session (\d+)"), lambda m: _("private note, session %(n)s") % {"n": m[1]}),
    (re.compile(r"referral session (\d+)"), lambda m: _("referral, session %(n)s") % {"n": m[1]}),
    (
        re.compile(r"follow-up for session (\d+)"),
        lambda m: _("follow-up for session %(n)s") % {"n": m[1]},
    ),
    (
        re.compile(r"CZ→CO pathway of group (\d+)"),
        lambda m: _("CZ→CO pathway of group %(n)s") % {"n": m[1]},
    ),
    (
        re.compile(r"proposed for CO \(proposal (\d+)\)"),
        lambda m: _("proposed for CO (proposal %(n)s)") % {"n": m[1]},
    ),
    (re.compile(r"CO proposal (\d+)"), lambda m: _("CO proposal %(n)s") % {"n": m[1]}),
    (
        re.compile(r"participant's own view through personal link (\d+)"),
        lambda m: _("participant's own view through personal link %(n)s") % {"n": m[1]},
    ),
    (re.compile(r"follow-up list"), lambda m: _("follow-up list")),
    (re.compile(r"follow-up list with contact details"), lambda m: _("follow-up list with contact details")),
    (re.compile(r"severe blood pressure"), lambda m: _("severe blood pressure")),
    (re.compile(r"follow-up (\d+)"), lambda m: _("follow-up %(n)s") % {"n": m[1]}),
    (re.compile(r"waiting list for planning"), lambda m: _("waiting list for planning")),
    (
        re.compile(r"planning instance of run (\d+)"),
        lambda m: _("planning data of run %(n)s") % {"n": m[1]},
    ),
    (re.compile(r"plan of run (\d+)"), lambda m: _("plan of run %(n)s") % {"n": m[1]}),
    (re.compile(r"moved in plan of run (\d+)"), lambda m: _("moved in plan of run %(n)s") % {"n": m[1]}),
    (
        re.compile(r"published plan version (\d+)"),
        lambda m: _("published plan version %(n)s") % {"n": m[1]},
    ),
    (re.compile(r"outbox of version (\d+)"), lambda m: _("outbox of version %(n)s") % {"n": m[1]}),
    (re.compile(r"invitation (\d+)"), lambda m: _("invitation %(n)s") % {"n": m[1]}),
    (re.compile(r"members of group (\d+)"), lambda m: _("members of group %(n)s") % {"n": m[1]}),
    (
        re.compile(r"client list \((.*)\)"),
        lambda m: _("client list (%(filters)s)") % {"filters": _filters(m[1])},
    ),
    (
        re.compile(r"CSV export \((.*)\)"),
        lambda m: _("CSV export (%(filters)s)") % {"filters": _filters(m[1])},
    ),
    (re.compile(r"changed: (.*)"), lambda m: _("changed: %(fields)s") % {"fields": m[1] or "—"}),
    (re.compile(r"edit form"), lambda m: _("edit form")),
    (re.compile(r"admin"), lambda m: _("admin site")),
    (re.compile(r"admin: (.*)"), lambda m: _("admin site: %(what)s") % {"what": m[1]}),
    (re.compile(r"calendar feed"), lambda m: _("calendar feed")),
    (re.compile(r"calendar link"), lambda m: _("calendar link")),
    (re.compile(r"calendar link renew"), lambda m: _("calendar link renewed")),
    (re.compile(r"calendar link revoke"), lambda m: _("calendar link revoked")),
]


def _filters(used: str) -> str:
    """The client list's filters ("status=waiting, q=eva") in words."""
    if used == "no filters":
        return _("no filters")
    names = {"q": _("search"), "programme": _("programme"), "status": _("status"), "language": _("language")}
    values = {"waiting": _("waiting"), "enrolled": _("in a group")}
    worded = []
    for part in used.split(", "):
        name, _sep, value = part.partition("=")
        worded.append(f"{names.get(name, name)}: {values.get(value, value)}")
    return ", ".join(worded)


def describe_detail(detail: str) -> DetailText:
    """The detail worded for the reader, and the client ids it names (in stored order)."""
    detail = (detail or "").strip()
    client_ids: tuple[int, ...] = ()
    rest = detail
    found = _CLIENTS.search(detail)
    if found:
        rest = detail[: found.start()].rstrip(" ;:")
        if found[1] != "none":
            client_ids = tuple(int(part) for part in found[1].split(",") if part)
    for pattern, words in _PATTERNS:
        match = pattern.fullmatch(rest)
        if match:
            return DetailText(words(match), client_ids)
    return DetailText(detail if found is None else rest, client_ids)


def describe_roles(stored: str) -> str:
    """Stored role codes ("co_facilitator,interpreter") as the role names of the active language."""
    from kring.organisations.models import Role

    labels = dict(Role.Kind.choices)
    codes = [code.strip() for code in (stored or "").split(",") if code.strip()]
    return ", ".join(str(labels.get(code, code)) for code in codes)
