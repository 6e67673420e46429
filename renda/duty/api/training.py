"""/api/v1/ routes of the duty app: training."""

from ninja import Router

router = Router()
