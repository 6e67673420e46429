"""Form widgets shared by the apps' pages.

``PickerSelectMultiple`` is a plain ``<select multiple>`` (a form without
JavaScript still works) that ``static/renda/picker.js`` turns into chips, a
search box and large rows. Each option may carry search keys (pinyin, initials)
and a hint; options may come in groups (``[(label, [(value, text), ...])]``)
that keep their order, e.g. a station's own deputies first.
"""

from __future__ import annotations

from django import forms

PICKER_MEDIA = forms.Media(css={"all": ["renda/picker.css"]}, js=["renda/picker.js"])


class PickerSelectMultiple(forms.SelectMultiple):
    """A multiple select that picker.js makes searchable (chips + search box)."""

    def __init__(self, attrs=None, *, noun: str = "项", label: str = ""):
        base = {"data-picker": "", "data-picker-noun": noun}
        if label:
            base["data-picker-label"] = label
        super().__init__({**base, **(attrs or {})})
        self.search_keys: dict[str, str] = {}
        self.hints: dict[str, str] = {}

    @property
    def media(self):
        return PICKER_MEDIA

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        key = str(value)
        if key in self.search_keys:
            option["attrs"]["data-search"] = self.search_keys[key]
        if key in self.hints:
            option["attrs"]["data-hint"] = self.hints[key]
        return option
