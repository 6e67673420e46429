"""Forms of reception days and residents' requests: the working side and the QR form.

Forms only parse input; the services check the rules and their errors are put
back on the form's fields (``renda.core.forms.apply_service_error``). Limits
that settings may change are read from ``rules`` when a form is built.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms

from renda.core.captcha import ANSWER_MAX_LENGTH
from renda.core.dates import BoundedDateField
from renda.core.errors import ApplicationError
from renda.core.forms import IsoDateInput
from renda.core.receipts import RECEIPT_DIGITS, receipt_number_problem
from renda.core.widgets import PickerSelectMultiple
from renda.suggestions.choices import TITLE_MAX_LENGTH, Category, Channel

from . import rules
from .choices import (
    PUBLIC_TEXT_MAX_LENGTH,
    RECEIPT_LENGTH,
    PublicRequestStatus,
    RequestTier,
)
from .selectors import normalize_receipt_number
from .services.common import (
    LOCATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    normalize_phone,
)

WORK_CONSENT_TEXT = (
    "本人同意联络站记录本人的姓名和联系电话，仅用于办理本诉求和回访；"
    "除联络站和承办单位外，系统中对他人隐去姓名和电话。"
)


def _max(limit: int) -> dict:
    return {"max_length": f"不能超过 {limit} 个字（现有 %(show_value)d 个）。"}


REQUIRED = {"required": "请填写此项。"}


def _deputy_choices(deputies) -> list:
    return [(d.pk, d.name) for d in deputies]


def _duty_choices(deputies) -> list:
    """Group the choices: the station's own deputies (``is_own``) first."""
    own = [(d.pk, d.name) for d in deputies if getattr(d, "is_own", False)]
    others = [(d.pk, d.name) for d in deputies if not getattr(d, "is_own", False)]
    if not own:
        return others
    return [("本站代表小组成员", own), ("本地人大代表", others)] if others else own


def _picker_keys(widget, deputies) -> None:
    """Let the picker find a deputy by full pinyin and initials."""
    widget.search_keys = {
        str(d.pk): f"{d.name_pinyin} {d.name_initials}".strip() for d in deputies
    }


class ReceptionDayForm(forms.Form):
    date = BoundedDateField(
        label="日期",
        widget=IsoDateInput(),
        error_messages={**REQUIRED, "invalid": "日期格式应为 2025-06-10。"},
    )
    start_time = forms.TimeField(
        label="开始时间",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={**REQUIRED, "invalid": "时间格式应为 09:00。"},
    )
    end_time = forms.TimeField(
        label="结束时间",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={**REQUIRED, "invalid": "时间格式应为 11:30。"},
    )
    place = forms.CharField(
        label="地点", max_length=200, error_messages={**REQUIRED, **_max(200)}
    )
    topic = forms.CharField(
        label="主题（可不填）",
        max_length=200,
        required=False,
        error_messages=_max(200),
    )
    deputies = forms.TypedMultipleChoiceField(
        label="值班代表",
        coerce=int,
        required=False,
        widget=PickerSelectMultiple(noun="人", label="查找代表（姓名、拼音或首字母）"),
        error_messages={"invalid_choice": "所选代表“%(value)s”不能在本站值班。"},
    )

    def __init__(self, data=None, *, eligible, **kwargs):
        super().__init__(data, **kwargs)
        self.eligible = {d.pk: d for d in eligible}
        self.fields["deputies"].choices = _duty_choices(self.eligible.values())
        _picker_keys(self.fields["deputies"].widget, self.eligible.values())

    def chosen_deputies(self) -> list:
        return [self.eligible[pk] for pk in self.cleaned_data.get("deputies") or []]


class HoldForm(forms.Form):
    attendees = forms.TypedMultipleChoiceField(
        label="实到代表",
        coerce=int,
        widget=PickerSelectMultiple(noun="人", label="查找代表（姓名、拼音或首字母）"),
        error_messages={
            "required": "请选择实到代表。",
            "invalid_choice": "所选代表“%(value)s”不能在本站值班。",
        },
    )

    def __init__(self, data=None, *, eligible, **kwargs):
        super().__init__(data, **kwargs)
        self.eligible = {d.pk: d for d in eligible}
        self.fields["attendees"].choices = _duty_choices(self.eligible.values())
        _picker_keys(self.fields["attendees"].widget, self.eligible.values())

    def chosen(self) -> list:
        return [self.eligible[pk] for pk in self.cleaned_data.get("attendees") or []]


class PostponeForm(forms.Form):
    new_date = BoundedDateField(
        label="改到哪一天",
        widget=IsoDateInput(),
        error_messages={**REQUIRED, "invalid": "日期格式应为 2025-06-10。"},
    )
    reason = forms.CharField(
        label="延期原因",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**REQUIRED, **_max(REASON_MAX_LENGTH)},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="取消原因",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**REQUIRED, **_max(REASON_MAX_LENGTH)},
    )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [item for item in data if item]


class RequestRecordForm(forms.Form):
    reception_day = forms.TypedChoiceField(
        label="接待日",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "所选接待日无效。"},
    )
    received_by = forms.TypedChoiceField(
        label="接待代表",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "所选代表不能在本站接待群众。"},
    )
    resident_name = forms.CharField(
        label="群众姓名", max_length=50, error_messages={**REQUIRED, **_max(50)}
    )
    resident_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={**REQUIRED, **_max(20)},
    )
    content = forms.CharField(
        label="诉求内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**REQUIRED, **_max(PUBLIC_TEXT_MAX_LENGTH)},
    )
    location = forms.CharField(
        label="涉及地点（可不填）",
        max_length=200,
        required=False,
        error_messages=_max(200),
    )
    photos = MultiplePhotoField(
        label="照片（可不传）",
        required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    consent = forms.BooleanField(
        label=WORK_CONSENT_TEXT,
        error_messages={"required": "须经群众同意后才能记录其姓名和联系电话。"},
    )

    def __init__(self, data=None, files=None, *, days, deputies, as_deputy, **kwargs):
        super().__init__(data, files, **kwargs)
        self.days = {d.pk: d for d in days}
        self.deputies = {d.pk: d for d in deputies}
        self.as_deputy = as_deputy
        self.fields["photos"].help_text = (
            f"JPEG 或 PNG，每张不超过 {rules.photo_max_megabytes()} MB，"
            f"最多 {rules.request_photo_limit()} 张。"
        )
        self.fields["reception_day"].choices = [("", "不是在接待日（代表走访）")] + [
            (d.pk, f"{d.date:%Y-%m-%d} {d.place}") for d in self.days.values()
        ]
        if as_deputy:
            # A deputy records what they received themselves, outside a day's list.
            del self.fields["received_by"]
            del self.fields["reception_day"]
        else:
            self.fields["received_by"].choices = [("", "请选择")] + _deputy_choices(
                self.deputies.values()
            )

    def chosen_day(self):
        if self.as_deputy:
            return None
        return self.days.get(self.cleaned_data.get("reception_day"))

    def chosen_deputy(self):
        if self.as_deputy:
            return None
        return self.deputies.get(self.cleaned_data.get("received_by"))


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部")] + list(PublicRequestStatus.choices),
    )
    tier = forms.ChoiceField(
        label="分级处理",
        required=False,
        choices=[("", "全部")] + list(RequestTier.choices),
    )
    q = forms.CharField(
        label="搜索内容或回执编号",
        required=False,
        max_length=50,
        error_messages={"max_length": "搜索内容过长，最多 %(limit_value)d 个字。"},
    )

    def value(self, name: str) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""


class ConvertForm(forms.Form):
    channel = forms.ChoiceField(
        label="渠道",
        choices=[
            (Channel.VOICE, Channel.VOICE.label),
            (Channel.HOTLINE, Channel.HOTLINE.label),
        ],
        initial=Channel.VOICE,
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": "渠道无效，请从列表中选择。"},
    )
    category = forms.ChoiceField(
        label="类别",
        choices=Category.choices,
        initial=Category.OTHER,
        error_messages={**REQUIRED, "invalid_choice": "类别无效，请从列表中选择。"},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复内容",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**REQUIRED, **_max(PUBLIC_TEXT_MAX_LENGTH)},
    )


class ConfirmLateForm(forms.Form):
    reason = forms.CharField(
        label="确认理由（如何核实该接待日确已举行）",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={**REQUIRED, **_max(REASON_MAX_LENGTH)},
    )


# The public QR form and the receipt look-up --------------------------------------

# Room for spaces and dashes around a 20-character number.
PHONE_INPUT_MAX_LENGTH = 40
PHOTO_KINDS = {
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}
# Receipt numbers are 12 digits (older ones 10 letters and digits); people add
# spaces and dashes when they copy them down, and phones may type full-width
# characters (renda.core.receipts folds them all).
RECEIPT_PATTERN = re.compile(r"^[0-9A-Z]{4,32}$")
RECEIPT_FORMAT_MESSAGE = (
    f"回执编号（查询码）是 {RECEIPT_DIGITS} 位数字"
    f"（早先的编号是 {RECEIPT_LENGTH} 位字母和数字），请核对后再查。"
)

PUBLIC_CONSENT_TEXT = (
    "我同意联络站保存我填写的姓名、联系电话、反映的问题、涉及地点和照片，"
    "以及提交时间和网络地址（仅用于防止恶意重复提交和安全审计），"
    "用于办理本诉求。反映的问题、地点和照片由本联络站、负责联络站工作的"
    "人大常委会工作人员和领导、办理本诉求的代表和承办单位查看；"
    "完整的姓名和电话只有本联络站的站长和联络员、承办单位工作人员和系统管理员"
    "可以查看，每次查看都有记录，其他页面和凭回执编号查询进度时只显示部分"
    "（如“张*”“138****1111”）。"
)


def _length_error(label: str, limit: int) -> str:
    return f"{label}不能超过{limit}个字，请删减后再提交。"


class PublicPhotoField(forms.FileField):
    """The QR form's photos in one input, each a JPEG or PNG no larger than the limit."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        items = [item for item in items if item]
        limit = rules.public_form_photo_limit()
        if len(items) > limit:
            raise forms.ValidationError(
                f"最多上传{limit}张照片，您选了{len(items)}张。"
            )
        for item in items:
            check_photo(item)
        return items


def check_photo(upload) -> None:
    """Refuse a file that is not a JPEG or PNG by its name and its first bytes."""
    name = str(getattr(upload, "name", "") or "照片")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    magic = PHOTO_KINDS.get(extension)
    if magic is None:
        raise forms.ValidationError(
            f"“{name}”不是照片：只能上传 JPG 或 PNG 格式的照片。"
        )
    if upload.size > rules.photo_max_bytes():
        limit = rules.photo_max_megabytes()
        raise forms.ValidationError(f"“{name}”太大：每张照片不能超过{limit}MB。")
    if upload.size == 0:
        raise forms.ValidationError(f"“{name}”是空文件，请重新选择。")
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise forms.ValidationError(f"“{name}”的内容不是 JPG 或 PNG 照片，请重新选择。")


class PublicRequestForm(forms.Form):
    """What a resident leaves through the station's QR code."""

    resident_name = forms.CharField(
        label="您的姓名",
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "请填写您的姓名。",
            "max_length": _length_error("姓名", NAME_MAX_LENGTH),
        },
    )
    resident_phone = forms.CharField(
        label="联系电话（选填）",
        required=False,
        max_length=PHONE_INPUT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="留下电话，联络站办理时可以联系您；不留也能凭回执编号查询进度。",
        error_messages={
            "max_length": "联系电话太长：请填写11位手机号码，或带区号的固定电话。",
        },
    )
    content = forms.CharField(
        label="反映的问题或建议",
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "请写下您要反映的问题或建议。",
            "max_length": _length_error("反映的问题或建议", PUBLIC_TEXT_MAX_LENGTH),
        },
    )
    location = forms.CharField(
        label="涉及地点（选填）",
        max_length=LOCATION_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _length_error("涉及地点", LOCATION_MAX_LENGTH)},
    )
    photos = PublicPhotoField(label="现场照片（选填）")
    consent = forms.BooleanField(
        label=PUBLIC_CONSENT_TEXT,
        error_messages={"required": "请阅读并勾选同意，我们才能记录和办理您的诉求。"},
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(
        label="验证题",
        required=False,
        max_length=ANSWER_MAX_LENGTH * 4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": "请填写验证题的答案（阿拉伯数字）。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "photos"
        ].label = f"现场照片（选填，最多{rules.public_form_photo_limit()}张）"
        # No maxlength in the page: a browser cuts pasted text silently; the
        # server says what is too long instead.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean_resident_phone(self) -> str:
        # Full-width digits typed on a phone count as digits.
        text = unicodedata.normalize("NFKC", self.cleaned_data["resident_phone"])
        try:
            return normalize_phone(text, required=False)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from None


class ReceiptLookupForm(forms.Form):
    """A receipt number typed by a resident."""

    number = forms.CharField(
        label="回执编号（查询码）",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={
            "required": "请填写回执编号。",
            "max_length": RECEIPT_FORMAT_MESSAGE,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.pop("maxlength", None)

    def clean_number(self) -> str:
        number = normalize_receipt_number(self.cleaned_data["number"])
        problem = receipt_number_problem(number)
        if problem:
            # A mistyped digit is told apart from a number that does not exist.
            raise forms.ValidationError(problem)
        if not RECEIPT_PATTERN.match(number):
            raise forms.ValidationError(RECEIPT_FORMAT_MESSAGE)
        return number


class PrepareDraftForm(forms.Form):
    """A station's draft suggestion for a deputy (代拟), prefilled from the request."""

    deputy = forms.TypedChoiceField(
        label="代哪位代表拟稿",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            **REQUIRED,
            "invalid_choice": "请选择接待该诉求的代表、当天值班代表或本站代表小组的代表。",
        },
    )
    title = forms.CharField(
        label="建议标题",
        max_length=TITLE_MAX_LENGTH,
        error_messages={**REQUIRED, **_max(TITLE_MAX_LENGTH)},
    )
    body = forms.CharField(
        label="建议内容",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=REQUIRED,
    )
    category = forms.ChoiceField(
        label="类别",
        choices=Category.choices,
        initial=Category.OTHER,
        error_messages={**REQUIRED, "invalid_choice": "类别无效，请从列表中选择。"},
    )
    channel = forms.ChoiceField(
        label="渠道",
        choices=[
            (Channel.VOICE, Channel.VOICE.label),
            (Channel.HOTLINE, Channel.HOTLINE.label),
        ],
        initial=Channel.VOICE,
        widget=forms.RadioSelect,
        error_messages={**REQUIRED, "invalid_choice": "渠道无效，请从列表中选择。"},
    )

    def __init__(self, data=None, *, deputies, **kwargs):
        super().__init__(data, **kwargs)
        self.deputies = {d.pk: d for d in deputies}
        self.fields["deputy"].choices = [
            (d.pk, _draft_deputy_label(d)) for d in self.deputies.values()
        ]

    def chosen_deputy(self):
        return self.deputies.get(self.cleaned_data.get("deputy"))


def _draft_deputy_label(deputy) -> str:
    if getattr(deputy, "is_receiver", False):
        role = "接待代表"
    elif getattr(deputy, "on_duty", False):
        role = "当天值班代表"
    else:
        role = "本站代表小组"
    return f"{deputy.name}（{role}，{deputy.congress.short_name}）"
