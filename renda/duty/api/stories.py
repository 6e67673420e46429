"""/api/v1/ routes of the duty app: stories."""

from ninja import Router

router = Router()
