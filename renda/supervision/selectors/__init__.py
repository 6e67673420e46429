"""Supervision selectors, one module per area."""
