"""/api/v1/meetings: 会议."""

from ninja import Router

router = Router(tags=["会议"])
