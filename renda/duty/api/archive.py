"""/api/v1/ routes of the duty app: archive."""

from ninja import Router

router = Router()
