"""Timeline events of the plan area (kinds registered in events.base)."""

from __future__ import annotations
