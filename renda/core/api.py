"""Build the Django Ninja API: authentication, error shape, routers."""

from __future__ import annotations

from ninja import NinjaAPI


def build_api() -> NinjaAPI:
    return NinjaAPI(
        title="Renda API",
        version="1",
        description="Renda 人大履职平台接口。认证：会话 Cookie，或 `Authorization: Bearer <令牌>`。",
        urls_namespace="api",
    )
