"""/api/v1/meetings: 表决."""

from ninja import Router

router = Router(tags=["表决"])
