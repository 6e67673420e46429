"""/api/v1/ routes of the duty app: reports."""

from ninja import Router

router = Router()
