"""The demo's supervision work, written through the services (see ``build``):
the 辽源 2020 year from the source (``build``), its filing review (``filings``) and
live work of the load year (``live``)."""

from .build import demo_supervision_build

__all__ = ["demo_supervision_build"]
