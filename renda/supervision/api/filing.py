"""/api/v1/supervision: the filing area's endpoints."""

from __future__ import annotations

from ninja import Router

router = Router()
