"""/api/v1/ routes of the duty app: scores."""

from ninja import Router

router = Router()
