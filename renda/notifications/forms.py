"""The 接收方式 form; the service checks what the choice needs."""

from django import forms

from .choices import WECOM_USERID_MAX_LENGTH


class NotificationPreferenceForm(forms.Form):
    sms = forms.BooleanField(label="短信", required=False)
    wecom = forms.BooleanField(label="企业微信", required=False)
    wecom_userid = forms.CharField(
        label="企业微信账号（UserID）",
        required=False,
        max_length=WECOM_USERID_MAX_LENGTH,
        error_messages={
            "max_length": f"企业微信账号最多{WECOM_USERID_MAX_LENGTH}个字符。"
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
