"""Timeline events of the followup area (kinds registered in events.base)."""

from __future__ import annotations
