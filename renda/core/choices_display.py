"""``get_FOO_display()`` without rebuilding the choices on every call.

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))``
on each call. ``make_hashable`` hashes every (value, label) pair, and our labels
are lazy translations (``gettext_lazy``), so each call translates every label of
the field: a list page that shows a status per row spent most of its template
time there (the notices list, 20 rows: 7.6 of 12.7 ms; issue 13, section 3).

The choices of a model field are fixed when its class is built, so the mapping
is built once per field and kept on it. The labels stay lazy in the mapping and
are translated when returned, in the language active at that moment, exactly
as Django does. Installed by ``CoreConfig.ready()``.
"""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_ATTRIBUTE = "_renda_display_choices"


def _choices_of(field) -> dict:
    choices = field.__dict__.get(_ATTRIBUTE)
    if choices is None:
        # make_hashable as Django does: a list or dict value (a JSON field's
        # choices) becomes a tuple, so a stored list finds its label.
        choices = dict(make_hashable(field.flatchoices))
        field.__dict__[_ATTRIBUTE] = choices
    return choices


def get_field_display(self, field):
    value = getattr(self, field.attname)
    try:
        key = make_hashable(value)
    except TypeError:
        return force_str(value, strings_only=True)
    return force_str(_choices_of(field).get(key, value), strings_only=True)


def install() -> None:
    """Point every model's ``get_FOO_display`` at ``get_field_display``.

    Django binds each one when the field joins its class
    (``partialmethod(cls._get_FIELD_display, field=...)``), so patching
    ``Model`` afterwards would not reach them: each is rebound here, unless the
    model defines its own ``get_FOO_display`` (left alone, as Django does).
    """
    original = Model._get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for name, attribute in list(vars(model).items()):
            if (
                name.startswith("get_")
                and name.endswith("_display")
                and isinstance(attribute, partialmethod)
                and attribute.func is original
            ):
                setattr(
                    model,
                    name,
                    partialmethod(get_field_display, **attribute.keywords),
                )
