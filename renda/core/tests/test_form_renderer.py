"""Select boxes written in Python are the markup ``select.html`` renders, byte for byte."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting, get_default_renderer
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from renda.core.form_renderer import INPUTS, SELECT, FormRenderer, render_select

CHOICES = [
    ("", "---------"),
    (1, "一"),
    ("2", 'quotes " and <b>tags</b> & ampersands'),
    (None, "None as a value"),
    (2025, 2025),
    ("safe", mark_safe("<em>safe</em>")),
    ("lazy", gettext_lazy("Lazy")),
    ("day", dt.date(2025, 3, 1)),
    ("组", [("a", "甲"), ("b", "乙 <c>")]),
    (mark_safe("<x>"), "a safe value"),
]

WIDGETS = [
    forms.Select(choices=CHOICES),
    forms.Select(
        choices=CHOICES, attrs={"class": "a&b", "data-x": 'q"', "disabled": True}
    ),
    forms.Select(choices=[], attrs={"hidden": False, "data-none": None}),
    forms.SelectMultiple(choices=CHOICES),
    forms.NullBooleanSelect(),
]

VALUES = [None, "", 1, "2", "b", "unknown", True, False]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_select_is_the_markup_of_its_template(widget, value):
    context = widget.get_context(
        "field_名", value, {"id": "id_field", "required": True}
    )

    expected = TemplatesSetting().render(SELECT, context)

    assert render_select(context) == expected


def test_a_multiple_select_with_several_chosen_is_the_markup_of_its_template():
    widget = forms.SelectMultiple(choices=CHOICES)
    context = widget.get_context("units", ["2", "b", 2025], {"id": "id_units"})

    expected = TemplatesSetting().render(SELECT, context)

    assert render_select(context) == expected
    assert expected.count(" selected") == 3


def test_the_project_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FormRenderer)


def test_forms_render_selects_through_it():
    class Filters(forms.Form):
        congress = forms.ChoiceField(choices=CHOICES[:3], required=False)
        q = forms.CharField(required=False)

    form = Filters(data={"congress": "1", "q": "<x>"}, renderer=FormRenderer())
    html = str(form["congress"])

    assert html == TemplatesSetting().render(
        SELECT,
        form["congress"].field.widget.get_context(
            "congress", "1", {"id": "id_congress"}
        ),
    )
    # Other widgets still render through their templates.
    assert 'value="&lt;x&gt;"' in str(form["q"])


INPUT_WIDGETS = [
    forms.TextInput(),
    forms.TextInput(
        attrs={"maxlength": 50, "placeholder": '标题 "x" <y>', "required": True}
    ),
    forms.NumberInput(attrs={"min": 0, "step": "any"}),
    forms.DateInput(),
    forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    forms.CheckboxInput(),
    forms.HiddenInput(),
    forms.EmailInput(),
    forms.PasswordInput(render_value=True),
    forms.URLInput(),
    forms.TimeInput(),
    forms.DateTimeInput(),
]
INPUT_VALUES = [
    None,
    "",
    "text & <b>",
    0,
    12,
    True,
    False,
    dt.date(2025, 3, 1),
    mark_safe("<s>"),
]


@pytest.mark.parametrize("widget", INPUT_WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", INPUT_VALUES, ids=repr)
def test_an_input_is_the_markup_of_its_template(widget, value):
    context = widget.get_context("field", value, {"id": "id_field", "disabled": False})

    expected = TemplatesSetting().render(widget.template_name, context)

    assert FormRenderer().render(widget.template_name, context) == expected


def test_the_project_overrides_none_of_the_templates_written_in_python():
    """A project template for one of these would be bypassed: render it instead."""
    overridden = [
        name
        for name in sorted(INPUTS | {SELECT})
        if "site-packages/django/" not in get_template(name).origin.name
    ]
    # select.html is the project's own, with the same markup as Django's.
    assert overridden == [SELECT]
