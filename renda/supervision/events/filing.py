"""Timeline events of the filing area (kinds registered in events.base)."""

from __future__ import annotations
