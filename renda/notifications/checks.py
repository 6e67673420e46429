"""System checks: a channel switched on must have everything it needs to send."""

from django.conf import settings
from django.core import checks

from .backends import SmsBackend, WeComBackend, backends

SMS_SETTINGS = [
    "RENDA_SMS_TENCENT_SDK_APP_ID",
    "RENDA_SMS_TENCENT_SIGN_NAME",
    "RENDA_SMS_TENCENT_TEMPLATE_ID",
]
WECOM_SETTINGS = ["RENDA_WECOM_AGENT_ID"]


@checks.register()
def channels_configured(app_configs=None, **kwargs):
    """Report a switched-on SMS or 企业微信 channel whose other settings are empty."""
    errors = []
    active = {type(backend) for backend in backends()}
    for backend, names, code in [
        (SmsBackend, SMS_SETTINGS, "notifications.E001"),
        (WeComBackend, WECOM_SETTINGS, "notifications.E002"),
    ]:
        if backend not in active:
            continue
        missing = [name for name in names if not getattr(settings, name, "")]
        if missing:
            errors.append(
                checks.Error(
                    f"{backend.__name__} is on but {', '.join(missing)} "
                    "is empty (docs/deployment.md, section 2).",
                    id=code,
                )
            )
    return errors
