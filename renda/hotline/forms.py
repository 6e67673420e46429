"""Forms of the 12345 直通车's staff pages."""

from __future__ import annotations

from django import forms

from .choices import PartnerChannel


class PartnerForm(forms.Form):
    congress = forms.TypedChoiceField(label="所属人大", coerce=int)
    name = forms.CharField(
        label="名称",
        max_length=100,
        help_text="如“辽源市12345政务服务便民热线”",
    )
    channel = forms.ChoiceField(
        label="受理渠道",
        choices=PartnerChannel.choices,
        help_text="群众诉求：转到本级人大的代表联络站；12345直通车：代表的直通车建议",
    )

    def __init__(self, *args, congresses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["congress"].choices = [(c.pk, c.name) for c in congresses]


def parse_service_map(text: str) -> dict[str, str]:
    """Parse lines "类别=服务代码" (the category by name or code); refuse clearly.

    Raises ``forms.ValidationError`` naming the line that is wrong.
    """
    from renda.suggestions.choices import Category

    by_name = {str(label): value for value, label in Category.choices}
    result: dict[str, str] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "=" not in line:
            raise forms.ValidationError(f"第 {number} 行应写成“类别=服务代码”。")
        name, code = (part.strip() for part in line.split("=", 1))
        category = by_name.get(name) or (name if name in Category.values else None)
        if category is None:
            raise forms.ValidationError(f"第 {number} 行的类别“{name}”不存在。")
        if not code or len(code) > 100:
            raise forms.ValidationError(
                f"第 {number} 行的服务代码应为 1 至 100 个字符。"
            )
        if category in result:
            raise forms.ValidationError(f"第 {number} 行的类别“{name}”重复了。")
        result[category] = code
    if not result:
        raise forms.ValidationError("请至少为一个类别填写服务代码。")
    return result


def format_service_map(service_map: dict) -> str:
    """The partner's service map as the form's lines."""
    from renda.suggestions.choices import Category

    return "\n".join(
        f"{Category(key).label if key in Category.values else key}={code}"
        for key, code in (service_map or {}).items()
    )


class OutboundForm(forms.Form):
    """对方系统设置: where and how Renda sends HOTLINE items (the key never shown)."""

    endpoint_url = forms.CharField(
        label="对方Open311地址",
        max_length=200,
        help_text="如 https://12345.example.gov.cn/open311/v2/",
    )
    outbound_key = forms.CharField(
        label="对方分配的密钥",
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="留空则保留已设置的密钥",
    )
    jurisdiction_id = forms.CharField(
        label="辖区标识（jurisdiction_id）", max_length=100, required=False
    )
    handling_unit = forms.TypedChoiceField(label="代表12345平台的承办单位", coerce=int)
    service_map = forms.CharField(
        label="服务代码",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一个“类别=服务代码”，如“交通运输=TRAFFIC”",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["handling_unit"].choices = [(unit.pk, unit.name) for unit in units]

    def clean_service_map(self) -> dict[str, str]:
        return parse_service_map(self.cleaned_data["service_map"])
