"""The CP-SAT optimiser (SPEC section 5, `--method cpsat`): see solve.py for the approach."""

from kring.planning.cpsat.solve import repair, solve

__all__ = ["repair", "solve"]
