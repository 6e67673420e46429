"""/api/v1/auth: confirm again (step-up) before a vote or a bulk export."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from renda.core.api import READ_ERRORS, ErrorOut

from .two_factor import has_otp, step_up_confirm

router = Router(tags=["登录与身份确认"])


class StepUpIn(Schema):
    code: str = Field(
        "", max_length=32, description="身份验证器上的 6 位数字（已开启两步验证的用户）"
    )
    password: str = Field(
        "", max_length=128, description="登录密码（未开启两步验证的用户）"
    )


class StepUpOut(Schema):
    method: str = Field(description="totp 或 password")
    confirmed_until: dt.datetime = Field(description="在此之前无需再次确认")


@router.post(
    "/step-up",
    response={
        200: StepUpOut,
        **READ_ERRORS,
        400: ErrorOut,
        409: ErrorOut,
        429: ErrorOut,
    },
    summary="确认身份（step-up）",
    description=(
        "投票等操作需要 5 分钟内确认过身份，否则答 403（code: step_up_required）。"
        "开启了两步验证的用户提交身份验证器上的 6 位数字（code），其他用户提交登录密码"
        "（password）。令牌调用时，确认记在该令牌上；会话调用时记在该会话上。"
        "验证码错误 400（auth.otp_invalid），等待中 429（auth.otp_throttled），"
        "密码错误 403（auth.step_up_failed）。"
    ),
)
def step_up(request, payload: StepUpIn):
    user = request.auth
    method = "totp" if has_otp(user) else "password"
    until = step_up_confirm(
        request, user=user, code=payload.code, password=payload.password
    )
    return {"method": method, "confirmed_until": until}
