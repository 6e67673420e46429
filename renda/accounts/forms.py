from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from renda.core.dates import BoundedDateField
from renda.core.forms import IsoDateInput


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "账号或密码不正确。连续失败 5 次后，该账号将被锁定 15 分钟。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "账号"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].label = "密码"
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form; its messages come out in Chinese under zh-hans."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields["new_password2"].help_text = ""
        for name, autocomplete in (
            ("old_password", "current-password"),
            ("new_password1", "new-password"),
            ("new_password2", "new-password"),
        ):
            self.fields[name].widget.attrs.update({"autocomplete": autocomplete})


class AuditFilterForm(forms.Form):
    """Filters of the audit page; every field is optional."""

    action = forms.CharField(
        label="操作",
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    actor = forms.CharField(label="操作人账号", max_length=150, required=False)
    object_type = forms.CharField(label="对象类型", max_length=64, required=False)
    object_id = forms.CharField(label="对象编号", max_length=64, required=False)
    date_from = BoundedDateField(
        kind="filter",
        label="起始日期",
        required=False,
        widget=IsoDateInput(),
        error_messages={
            "invalid": "起始日期格式不正确，应为 年-月-日，如 2024-03-01。"
        },
    )
    date_to = BoundedDateField(
        kind="filter",
        label="截止日期",
        required=False,
        widget=IsoDateInput(),
        error_messages={
            "invalid": "截止日期格式不正确，应为 年-月-日，如 2024-03-31。"
        },
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return cleaned
