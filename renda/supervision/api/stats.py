"""/api/v1/supervision: the stats area's endpoints."""

from __future__ import annotations

from ninja import Router

router = Router()
