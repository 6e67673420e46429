"""Forms of the public side of a station: the resident's QR form and the receipt look-up."""

from __future__ import annotations

import re
import unicodedata

from django import forms

from renda.core.errors import ApplicationError

from .captcha import ANSWER_MAX_LENGTH
from .choices import PUBLIC_TEXT_MAX_LENGTH, RECEIPT_LENGTH
from .services import (
    LOCATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHOTO_MAX_BYTES,
    normalize_phone,
)

# Room for spaces and dashes around a 20-character number.
PHONE_INPUT_MAX_LENGTH = 40
# The QR form takes fewer photos than station staff may attach.
PHOTO_MAX_FILES = 3
PHOTO_KINDS = {
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}
# Receipt numbers are letters and digits; people add spaces and dashes when
# they copy them down, and phones may type full-width characters.
RECEIPT_PATTERN = re.compile(r"^[0-9A-Z]{4,32}$")

CONSENT_TEXT = (
    "我同意联络站保存我填写的姓名、联系电话、反映的问题、涉及地点和照片，"
    "以及提交时间和网络地址（仅用于防止恶意重复提交和安全审计），"
    "用于办理本诉求。反映的问题、地点和照片由本联络站、负责联络站工作的"
    "人大常委会工作人员和领导、办理本诉求的代表和承办单位查看；"
    "完整的姓名和电话只有本联络站的站长和联络员、承办单位工作人员和系统管理员"
    "可以查看，每次查看都有记录，其他页面和凭回执编号查询进度时只显示部分"
    "（如“张*”“138****1111”）。"
)


def normalize_receipt_number(value) -> str:
    """Fold a typed receipt number to its stored form: upper case, no spaces or dashes."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s\-_]+", "", text).upper()


def _length_error(label: str, limit: int) -> str:
    return f"{label}不能超过{limit}个字，请删减后再提交。"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to three photos in one input, each a JPEG or PNG no larger than the limit."""

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
        if len(items) > PHOTO_MAX_FILES:
            raise forms.ValidationError(
                f"最多上传{PHOTO_MAX_FILES}张照片，您选了{len(items)}张。"
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
    if upload.size > PHOTO_MAX_BYTES:
        limit = PHOTO_MAX_BYTES // (1024 * 1024)
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
    photos = MultiplePhotoField(label=f"现场照片（选填，最多{PHOTO_MAX_FILES}张）")
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
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
        label="回执编号",
        max_length=64,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={
            "required": "请填写回执编号。",
            "max_length": f"回执编号是{RECEIPT_LENGTH}位字母和数字，请核对后再查。",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.pop("maxlength", None)

    def clean_number(self) -> str:
        number = normalize_receipt_number(self.cleaned_data["number"])
        if not RECEIPT_PATTERN.match(number):
            raise forms.ValidationError(
                f"回执编号是{RECEIPT_LENGTH}位字母和数字，请核对后再查。"
            )
        return number
