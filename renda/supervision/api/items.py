"""/api/v1/supervision: the items area's endpoints."""

from __future__ import annotations

from ninja import Router

router = Router()
