"""Forms of the scoring pages: the rules (one row per item), a correction
request, a decision, an alert's handling."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from . import rules
from .choices import ArchiveKind

KIND_LABELS = dict(ArchiveKind.choices)
BAND_ROWS = 3


def _text(label, *, required=False, max_length=20, **attrs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.TextInput(attrs={"inputmode": "decimal", **attrs}),
    )


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


def _number(value):
    if value is None:
        return ""
    number = float(value)
    return int(number) if number == int(number) else number


class RulesForm(forms.Form):
    """Every scored item's points and cap and yearly minimum, the base, the pass
    mark and three bands; the service (rules.validate_rules) says what is wrong."""

    title = forms.CharField(label="规则名称", max_length=200)
    effective_year = forms.TypedChoiceField(label="起始年度", coerce=int)
    note = forms.CharField(
        label="修订说明", required=False, max_length=2000, widget=forms.Textarea
    )
    base = _text("基础分", required=True)
    pass_mark = _text("合格分数线", required=True)

    def __init__(self, *args, initial_rules: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["effective_year"].choices = [
            (y, f"{y}年") for y in range(this_year + 2, 2016, -1)
        ]
        data = initial_rules or rules.default_rules()
        items = data.get("items", {})
        minimums = data.get("minimums", {})
        self.kinds = []
        for kind in rules.SCORED_KINDS:
            label = KIND_LABELS[kind]
            self.fields[f"points_{kind}"] = _text(f"{label}每次分值")
            self.fields[f"cap_{kind}"] = _text(f"{label}上限")
            self.fields[f"min_{kind}"] = _text(
                f"{label}每年最少次数", inputmode="numeric"
            )
            item = items.get(kind, {})
            self.initial.setdefault(f"points_{kind}", _number(item.get("points", 0)))
            self.initial.setdefault(f"cap_{kind}", _number(item.get("cap")))
            self.initial.setdefault(f"min_{kind}", minimums.get(kind, ""))
            self.kinds.append(kind)
        self.initial.setdefault("base", _number(data.get("base", 0)))
        self.initial.setdefault("pass_mark", _number(data.get("pass_mark", 60)))
        bands = data.get("bands", [])
        for index in range(BAND_ROWS):
            band = bands[index] if index < len(bands) else {}
            self.fields[f"band_label_{index}"] = forms.CharField(
                label=f"第{index + 1}等次名称", required=index == 0, max_length=20
            )
            self.initial.setdefault(f"band_label_{index}", band.get("label", ""))
            if index < BAND_ROWS - 1:
                self.fields[f"band_min_{index}"] = _text(f"第{index + 1}等次分数线")
                self.initial.setdefault(f"band_min_{index}", _number(band.get("min")))

    def rows(self):
        """(label, points field, cap field, minimum field) per item, for the table."""
        return [
            (
                KIND_LABELS[kind],
                self[f"points_{kind}"],
                self[f"cap_{kind}"],
                self[f"min_{kind}"],
            )
            for kind in self.kinds
        ]

    def band_rows(self):
        return [
            (
                self[f"band_label_{i}"],
                self[f"band_min_{i}"] if i < BAND_ROWS - 1 else None,
            )
            for i in range(BAND_ROWS)
        ]

    def rules_data(self) -> dict:
        data = self.cleaned_data
        items = {}
        minimums = {}
        for kind in self.kinds:
            items[kind] = {
                "points": _clean(data.get(f"points_{kind}")) or 0,
                "cap": _clean(data.get(f"cap_{kind}")) or None,
            }
            minimum = _clean(data.get(f"min_{kind}"))
            if minimum:
                minimums[kind] = minimum
        bands = []
        for index in range(BAND_ROWS):
            label = _clean(data.get(f"band_label_{index}"))
            if not label:
                continue
            low = _clean(data.get(f"band_min_{index}")) if index < BAND_ROWS - 1 else ""
            bands.append({"label": label, "min": low or None})
        return {
            "base": _clean(data.get("base")),
            "items": items,
            "minimums": minimums,
            "bands": bands,
            "pass_mark": _clean(data.get("pass_mark")),
        }

    @staticmethod
    def field_of(service_field: str | None) -> str | None:
        """The form field a service error names (``items.X.points`` → points_X)."""
        if not service_field:
            return None
        parts = service_field.split(".")
        if parts[0] == "items" and len(parts) == 3:
            return f"{parts[2]}_{parts[1]}"
        if parts[0] == "minimums" and len(parts) == 2:
            return f"min_{parts[1]}"
        return {"bands": "band_label_0"}.get(service_field, service_field)


class CorrectionAskForm(forms.Form):
    score = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(
        label="涉及项目",
        required=False,
        choices=[("", "（不限）")] + [(k, KIND_LABELS[k]) for k in rules.SCORED_KINDS],
    )
    reason = forms.CharField(
        label="更正理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CorrectionDecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="处理结果",
        choices=[("1", "同意更正"), ("0", "不予更正")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    points = forms.CharField(
        label="调整分值（加分为正，减分为负）",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    decision = forms.CharField(
        label="处理意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AlertHandleForm(forms.Form):
    note = forms.CharField(
        label="处理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
