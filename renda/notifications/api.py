"""/api/v1/notifications/preferences: the caller's 接收方式 (read; change what is sent)."""

from __future__ import annotations

from ninja import Field, Router, Schema

from renda.core.api import READ_ERRORS, ErrorOut

from .choices import WECOM_USERID_MAX_LENGTH
from .selectors import notification_preference_detail
from .services import notification_preference_update

router = Router()


class NotificationPreferenceOut(Schema):
    in_app: bool = Field(True, description="站内消息，始终开启")
    sms: bool = Field(description="用短信提醒")
    wecom: bool = Field(description="用企业微信提醒")
    wecom_userid: str = Field(description="企业微信账号（UserID）")
    phone_masked: str = Field(
        description="账号登记的手机号码（部分隐藏），空表示未登记"
    )
    sms_available: bool = Field(description="本平台是否已开通短信发送")
    wecom_available: bool = Field(description="本平台是否已开通企业微信推送")


class NotificationPreferenceIn(Schema):
    sms: bool | None = Field(
        None, description="用短信提醒（账号须登记手机号码）；不传则不变"
    )
    wecom: bool | None = Field(
        None, description="用企业微信提醒（须填写企业微信账号）；不传则不变"
    )
    wecom_userid: str | None = Field(
        None,
        max_length=WECOM_USERID_MAX_LENGTH,
        description="企业微信账号（UserID）：字母、数字和 _ - . @；不传则不变",
    )


def _out(user) -> dict:
    detail = notification_preference_detail(user)
    preference = detail.preference
    return {
        "in_app": True,
        "sms": preference.sms,
        "wecom": preference.wecom,
        "wecom_userid": preference.wecom_userid,
        "phone_masked": detail.phone_masked,
        "sms_available": detail.sms_available,
        "wecom_available": detail.wecom_available,
    }


@router.get(
    "/preferences",
    response={200: NotificationPreferenceOut, **READ_ERRORS},
    summary="我的消息接收方式",
    description="站内消息始终开启；短信、企业微信按本人选择。未选择过时为本平台的默认值。",
)
def preference_get(request):
    return _out(request.auth)


@router.patch(
    "/preferences",
    response={
        200: NotificationPreferenceOut,
        400: ErrorOut,
        409: ErrorOut,
        **READ_ERRORS,
    },
    summary="修改我的消息接收方式",
    description=(
        "选择短信时账号须已登记手机号码；选择企业微信时须填写企业微信账号。"
        "不符合时返回 400 与出错字段。"
    ),
)
def preference_patch(request, payload: NotificationPreferenceIn):
    current = notification_preference_detail(request.auth).preference
    notification_preference_update(
        user=request.auth,
        sms=current.sms if payload.sms is None else payload.sms,
        wecom=current.wecom if payload.wecom is None else payload.wecom,
        wecom_userid=(
            current.wecom_userid
            if payload.wecom_userid is None
            else payload.wecom_userid
        ),
    )
    return _out(request.auth)
