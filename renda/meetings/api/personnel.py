"""/api/v1/meetings: 任免与票决评议."""

from ninja import Router

router = Router(tags=["任免与票决评议"])
