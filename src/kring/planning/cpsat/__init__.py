"""The CP-SAT optimiser (SPEC section 5, `--method cpsat`): see solve.py for the approach."""

from kring.planning.cpsat.solve import solve

__all__ = ["solve"]
