"""Notices of the plan area: one function per event kind, sent after the commit."""

from __future__ import annotations
