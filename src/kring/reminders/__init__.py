"""Reminders before every session, sent by a periodic job in the task workers (exactly once per
session and recipient: a unique constraint, claimed before sending), and their outbox page."""
