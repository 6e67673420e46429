"""/api/v1/meetings: 主任会议决定."""

from ninja import Router

router = Router(tags=["主任会议决定"])
