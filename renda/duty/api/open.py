"""/api/v1/ routes of the duty app: open."""

from ninja import Router

router = Router()
