"""Finding English on a Dutch page, and crawling every page a persona can reach.

The detector reads what a person sees (text, and the title, placeholder, aria-label and alt
attributes), leaves out data the page merely shows (names, codes, e-mail addresses, the demo's
free text) by looking only for words that are English and never Dutch, and reports each with
its surrounding text so a failure says where to look.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Common English words of the interface that are not Dutch words (so "is", "in", "of", "week",
# "naam" etc. are left out). Extend it when a new English word slips through.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "you",
        "this",
        "that",
        "these",
        "those",
        "from",
        "for",
        "not",
        "none",
        "all",
        "new",
        "show",
        "search",
        "save",
        "cancel",
        "delete",
        "edit",
        "back",
        "next",
        "previous",
        "close",
        "closed",
        "session",
        "sessions",
        "group",
        "groups",
        "client",
        "clients",
        "participant",
        "participants",
        "record",
        "records",
        "measurement",
        "measurements",
        "attendance",
        "absent",
        "excused",
        "lead",
        "leader",
        "facilitator",
        "facilitators",
        "co_facilitator",
        "interpreter",
        "privacy",
        "officer",
        "coordinator",
        "done",
        "yes",
        "please",
        "error",
        "errors",
        "warning",
        "page",
        "pages",
        "view",
        "change",
        "changed",
        "added",
        "removed",
        "remove",
        "add",
        "create",
        "created",
        "updated",
        "calendar",
        "today",
        "tomorrow",
        "yesterday",
        "weekly",
        "monthly",
        "morning",
        "afternoon",
        "evening",
        "running",
        "planned",
        "published",
        "finished",
        "cancelled",
        "pending",
        "queued",
        "failed",
        "started",
        "name",
        "names",
        "number",
        "phone",
        "address",
        "reason",
        "follow",
        "followup",
        "waiting",
        "there",
        "here",
        "what",
        "when",
        "where",
        "who",
        "which",
        "how",
        "why",
        "about",
        "more",
        "less",
        "than",
        "must",
        "should",
        "would",
        "could",
        "can't",
        "don't",
        "won't",
        "it's",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'_-]*")
_VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in _VISIBLE_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def read_page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def english_on(html: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Each visible text that holds an English interface word, as "word: text"."""
    found = []
    for text in read_page(html).texts:
        if re.fullmatch(r"/\S*", text):  # a path (the access log shows them) is data
            continue
        if "@" in text:  # e-mail addresses and logins are data
            text = re.sub(r"\S+@\S+", " ", text)
        for word in _WORD.findall(text):
            lowered = word.lower()
            if len(word) > 1 and word.isupper():  # an acronym is a name: WHO, BSN, CZ
                continue
            if lowered in ENGLISH_WORDS and lowered not in allowed:
                found.append(f"{word}: {text[:120]}")
                break
    return found


# Pages a crawler must not open: they change state on GET, lock the tablet, or are files.
SKIP = re.compile(
    r"^/(admin|static|media)/|logout|/measure/|\.ics$|/export|/print|/feed|/download|/me/|/i18n/"
)


def pattern_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(browser, start: str = "/", *, per_pattern: int = 2, limit: int = 120):
    """Breadth-first over the same-site links of HTML pages from `start`; yields (path,
    response, referrer). At most `per_pattern` paths per shape (ids replaced), `limit` in all."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = deque([(start, "")])
    while queue and len(seen) < limit:
        path, referrer = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = browser.get(path)
        yield path, response, referrer
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in read_page(response.content.decode()).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or link in seen:
                continue
            shape = pattern_of(parts.path)
            if shapes.get(shape, 0) >= per_pattern:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append((link, path))
