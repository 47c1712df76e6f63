"""Evaluation: outcome measures, goals, surveys, fidelity over time, costs and the
implementation checklist (issue 9, capabilities 7 and 8 of VISION.md)."""
