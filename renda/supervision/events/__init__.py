"""Typed timeline events of supervision work, one module per area.

Importing the package registers every kind (``events.base.KINDS``); callers
import constructors from the area modules and ``describe_event`` from here.
"""

from . import (  # noqa: F401  (register the kinds)
    filing,
    followup,
    items,
    kinds,
    plan,
    publication,
)
from .base import KINDS, describe_event, label_of

__all__ = ["KINDS", "describe_event", "label_of"]
