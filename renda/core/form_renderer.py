"""The form renderer: Django's templates, with select boxes and inputs written in Python.

Every list page has a filter form, and its select boxes (congresses, years, units,
states) were the largest part of the form's cost: the template engine resolves a
variable, a filter and a loop per option and per attribute (5.8 ms of the staff
list's filter form on the demo; 3.0 ms with selects written here). ``select.html``
and ``input.html`` (which text, number, date, checkbox ... include) are fixed
pieces of markup; ``render_select`` and ``render_input`` write the same markup,
byte for byte, from the same context (``core/tests/test_form_renderer.py``
compares them on every kind of option, attribute, value and label, and fails
if the project overrides one of these templates, which they would bypass).
Every other widget renders through its template as before.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
# Django's templates that are exactly ``{% include "…/input.html" %}``.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in [
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
)
# The settings a template's context has by default: autoescape on, the
# project's localisation and time zone.
_CONTEXT = Context()


def _text(value) -> str:
    """What ``{{ value|stringformat:'s' }}`` prints: ``%s``, escaped unless safe."""
    return str(conditional_escape(value if isinstance(value, str) else str(value)))


def _label(value) -> str:
    """What ``{{ value }}`` prints: localised (numbers, dates), escaped unless safe."""
    return str(render_value_in_context(value, _CONTEXT))


def _attrs(attrs: dict) -> str:
    """What ``attrs.html`` prints: `` name="value"``, `` name`` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_label(name)}")
        else:
            parts.append(f' {_label(name)}="{_text(value)}"')
    return "".join(parts)


def render_select(context: dict) -> str:
    """The markup of ``select.html`` for a widget's context."""
    widget = context["widget"]
    out = [f'<select name="{_label(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_label(group_name)}">')
        for option in group_choices:
            out.append(
                f'\n  <option value="{_text(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_label(option['label'])}</option>"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")  # the renderer strips the template's last newline
    return "".join(out)


def render_input(context: dict) -> str:
    """The markup of ``input.html`` for a widget's context."""
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_label(widget["type"])}" name="{_label(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


class FormRenderer(TemplatesSetting):
    """``TemplatesSetting`` with selects and inputs written by ``render_select`` and ``render_input``."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return mark_safe(render_select(context))  # noqa: S308 - escaped above
        if template_name in INPUTS:
            return mark_safe(render_input(context))  # noqa: S308 - escaped above
        return super().render(template_name, context, request=request)
