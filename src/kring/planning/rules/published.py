"""SPEC 3, rule 16: published groups."""

from __future__ import annotations

from collections.abc import Iterator

from kring.planning.model import (
    PublishedGroup,
)
from kring.planning.rules.context import Violation, _Context, _GroupInfo, _v


def _published(ctx: _Context) -> Iterator[Violation]:
    """Hard: a published group keeps its identity, remaining members and history, and is not dropped."""
    ix = ctx.index
    present = {g.id for g in ctx.groups}
    for p in ctx.instance.published:
        if p.id not in present and any(cid in ix.clients for cid in p.members):
            yield Violation(
                16,
                "published_group_missing",
                f"published group {p.id} still has members but is not in the plan",
                group=p.id,
            )
    for info in ctx.infos:
        kept = info.published
        if kept is None:
            continue
        yield from _published_kept(ctx, info, kept)


def _published_kept(ctx: _Context, info: _GroupInfo, p: PublishedGroup) -> Iterator[Violation]:
    ix = ctx.index
    g = info.group
    for name in ("programme", "location", "language", "weekday", "daypart", "lead", "co"):
        if getattr(g, name) != getattr(p, name):
            yield _v(
                16,
                "published_identity_changed",
                f"published group {g.id}: {name} changed from {getattr(p, name)} to {getattr(g, name)}",
                info,
            )
    members = set(g.members)
    for cid in p.members:
        if cid in ix.clients and cid not in members:
            yield _v(
                16,
                "published_member_dropped",
                f"published group {g.id}: member {cid} was dropped",
                info,
                client=cid,
            )
    for ps in p.sessions:
        if ps.number not in info.history:
            continue
        s = info.by_number.get(ps.number)
        if s is None:
            yield _v(
                16,
                "history_changed",
                f"published group {g.id}: history session {ps.number} ({ps.date}) is missing",
                info,
            )
            continue
        changed = [
            f"{name} {getattr(ps, name)} -> {getattr(s, name)}"
            for name in ("date", "room", "lead", "co")
            if getattr(ps, name) != getattr(s, name)
        ]
        if not ctx.times_ok(info, s):
            changed.append(f"times {s.start.isoformat()}..{s.end.isoformat()}")
        if changed:
            yield _v(
                16,
                "history_changed",
                f"published group {g.id}: history session {ps.number} changed ({'; '.join(changed)})",
                info,
                s,
            )
