"""The models of the 12345 直通车, one module per part."""

from .inbound import InboundRequest, InboundStatus
from .outbound import OutboundEvent, OutboundTicket
from .partners import Partner

__all__ = [
    "InboundRequest",
    "InboundStatus",
    "OutboundEvent",
    "OutboundTicket",
    "Partner",
]
