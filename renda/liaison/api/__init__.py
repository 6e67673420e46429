"""/api/v1/liaison: 双联 records and late entries (``records``); the rules
dashboard and statistics under /liaison/rules (``dashboard``)."""

from .records import router

__all__ = ["router"]
