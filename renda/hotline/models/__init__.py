"""The models of the 12345 直通车, one module per part."""

from .outbound import OutboundEvent, OutboundTicket
from .partners import Partner

__all__ = ["OutboundEvent", "OutboundTicket", "Partner"]
