"""Supervision views, one module per area."""
