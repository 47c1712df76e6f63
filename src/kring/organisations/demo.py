"""The demo installation's logins (all synthetic; `manage.py load_demo` creates them)."""

from __future__ import annotations

DEMO_PASSWORD = "kring-demo"  # noqa: S105 - the published demo password, for synthetic data only

# (role, username, password): the username is also the e-mail address.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("coordinator", "coordinator@linde.example", DEMO_PASSWORD),
    ("CZ lead (midwife)", "verloskundige@linde.example", DEMO_PASSWORD),
    ("co-facilitator (interprets Turkish)", "cofacilitator@linde.example", DEMO_PASSWORD),
    ("privacy officer", "privacy@linde.example", DEMO_PASSWORD),
    ("JGZ coordinator", "coordinator@jgz.example", DEMO_PASSWORD),
    ("CO lead (JGZ nurse)", "jgzverpleegkundige@jgz.example", DEMO_PASSWORD),
    ("national viewer (Stichting Centering Nederland)", "landelijk@centering.example", DEMO_PASSWORD),
]
