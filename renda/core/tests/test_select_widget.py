"""The project's select.html (options written in place) gives Django's markup."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


class Everything(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "---"), ("1", "一 <b>&"), ("2", "二")], initial="2"
    )
    grouped = forms.MultipleChoiceField(
        choices=[("乙组", [("x", "X"), ("y", "Y")]), ("z", "Z")], initial=["x", "z"]
    )
    yes_no = forms.NullBooleanField()
    attributes = forms.ChoiceField(
        choices=[("1", "a")],
        widget=forms.Select(
            attrs={"disabled": True, "data-x": 'q"', "aria-describedby": False}
        ),
    )


def _lines(html: str) -> list[str]:
    # Django's option template ends with a newline: a blank line per option.
    return [line for line in str(html).splitlines() if line.strip()]


def test_the_project_renders_widgets_with_its_own_templates():
    renderer = get_default_renderer()
    assert renderer.get_template(
        "django/forms/widgets/select.html"
    ).origin.name.endswith("renda/templates/django/forms/widgets/select.html")


def test_selects_render_as_djangos_own_templates_do():
    ours = Everything().as_div()
    djangos = Everything(renderer=DjangoTemplates()).as_div()
    assert _lines(ours) == _lines(djangos)
    assert '<option value="1">一 &lt;b&gt;&amp;</option>' in ours
    assert '<optgroup label="乙组">' in ours
    assert 'data-x="q&quot;"' in ours


def test_a_bound_form_keeps_the_choice_made():
    form = Everything(data={"plain": "1", "grouped": ["y"], "attributes": "1"})
    html = form.as_div()
    assert '<option value="1" selected>' in html
    assert '<option value="y" selected>Y</option>' in html
    assert _lines(html) == _lines(
        Everything(
            data={"plain": "1", "grouped": ["y"], "attributes": "1"},
            renderer=DjangoTemplates(),
        ).as_div()
    )
