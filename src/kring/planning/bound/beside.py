"""The bound computed in a process of its own, beside the search.

Pricing is Python and the window search builds its models in Python: in one process they
would take turns on the interpreter lock, so the bound runs in a separate (spawned) process
with its own deterministic limits: first the light master (without per-date rows; on S and
practice-s it gives the same bound in a tenth of the iterations), then the full one. The
search never waits for it and never uses it, so the plan does not depend on how far it got;
`collect` waits at most the time left and then ends the process. It runs at a lower CPU
priority, so that it slows the search as little as possible.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from multiprocessing.connection import Connection
from typing import Any

from kring.planning.bound import Bound, lower_bound
from kring.planning.model import Instance, instance_to_json, read_instance

NICENESS = 10


def _child(conn: Connection, data: dict[str, Any], max_iterations: int, seconds: float) -> None:
    """The light bound first (fast, usually as strong), then the full one; each is sent."""
    os.nice(NICENESS)  # the search comes first; the bound takes the CPU it leaves
    instance = read_instance(data)
    deadline = time.monotonic() + seconds
    for light in (True, False):
        try:
            bound: Bound | None = lower_bound(
                instance, max_iterations=max_iterations, deadline=deadline, light=light
            )
        except RuntimeError:  # HiGHS did not solve the master: no bound rather than a wrong one
            bound = None
        conn.send(bound)
        if time.monotonic() >= deadline:
            break
    conn.close()


class BoundBeside:
    def __init__(self, instance: Instance, *, max_iterations: int, seconds: float):
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child,
            args=(child, instance_to_json(instance), max_iterations, seconds),
            name="kring-bound",
            daemon=True,
        )
        self._process.start()
        child.close()

    def collect(self, wait_s: float) -> Bound | None:
        """The best bound received within `wait_s` seconds, or None (none finished, or failed)."""
        result: Bound | None = None
        until = time.monotonic() + max(0.0, wait_s)
        try:
            for _ in range(2):
                if not self._conn.poll(max(0.0, until - time.monotonic())):
                    break
                bound = self._conn.recv()
                if bound is not None and (result is None or bound.value > result.value):
                    result = bound
        except (EOFError, OSError):
            pass
        finally:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join(5)
            self._conn.close()
        return result
