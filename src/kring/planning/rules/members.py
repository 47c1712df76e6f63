"""SPEC 3, rules 7-8: the members."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from kring.planning.rules.context import Violation, _Context, _v


def _member_fit(ctx: _Context) -> Iterator[Violation]:
    """Hard: a member fits the group's programme, language, place, daypart and weekday, and joins in time."""
    for info in ctx.infos:
        g, prog = info.group, info.programme
        if prog is None:
            continue
        join = info.by_number.get(prog.latest_join_session)
        for c in info.joiners:
            who = f"group {g.id}: client {c.id}"
            if c.programme != g.programme:
                yield _v(
                    7,
                    "wrong_programme",
                    f"{who} is in programme {c.programme}, the group {g.programme}",
                    info,
                    client=c.id,
                )
            if g.language not in c.languages:
                yield _v(7, "language_not_spoken", f"{who} does not speak {g.language}", info, client=c.id)
            if g.location not in c.locations:
                yield _v(
                    7,
                    "location_not_acceptable",
                    f"{who} does not accept location {g.location}",
                    info,
                    client=c.id,
                )
            if not c.accepts_daypart(g.daypart):
                yield _v(
                    7,
                    "daypart_not_acceptable",
                    f"{who} does not accept daypart {g.daypart}",
                    info,
                    client=c.id,
                )
            if not c.accepts_weekday(g.weekday):
                yield _v(
                    7,
                    "weekday_not_acceptable",
                    f"{who} does not accept weekday {g.weekday}",
                    info,
                    client=c.id,
                )
            if join is None:
                continue
            if c.available_from is not None and c.available_from > join.date:
                yield _v(
                    7,
                    "available_too_late",
                    f"{who} is available from {c.available_from}, after session {join.number} on {join.date}",
                    info,
                    join,
                    client=c.id,
                )
            if info.published is not None and info.is_history(join):
                yield _v(
                    7,
                    "join_closed",
                    f"{who} joins published group {g.id} after its session {join.number} ({join.date}) "
                    "took place",
                    info,
                    join,
                    client=c.id,
                )


def _one_group(ctx: _Context) -> Iterator[Violation]:
    """Hard: a client is in at most one group."""
    where: dict[str, list[str]] = defaultdict(list)
    for g in ctx.groups:
        for cid in g.members:
            where[cid].append(g.id)
    for cid, gids in where.items():
        if len(gids) < 2:
            continue
        if len(set(gids)) > 1:
            yield Violation(
                8, "client_in_two_groups", f"client {cid} is in groups {', '.join(gids)}", client=cid
            )
        else:
            yield Violation(
                8,
                "client_listed_twice",
                f"client {cid} is listed {len(gids)} times in group {gids[0]}",
                group=gids[0],
                client=cid,
            )
