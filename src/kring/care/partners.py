"""Which CenteringZorg sessions are for partners (issue 13, point 5).

The programme data already marks them: a session with `seats_per_member` 2 is one the partners
come to (CZ 5 on the birth, 7 on the maternity period, 10 when the babies come), and rooms are
sized for it. In CenteringOuderschap every session is for both parents, so only CZ sessions
are called partner sessions.
"""

from __future__ import annotations

from kring.care.models import Programme

PARTNER_PROGRAMME = "CZ"


def partner_session_numbers(programme: Programme) -> set[int]:
    """Session numbers of `programme` that partners come to; empty outside CZ."""
    if programme.code != PARTNER_PROGRAMME:
        return set()
    return {s.number for s in programme.sessions.all() if s.seats_per_member >= 2}
