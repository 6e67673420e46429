"""The congress picker shared by every page that filters by congress."""

from __future__ import annotations

from django import forms
from django.db.models import Min
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator


class CongressField(forms.ModelChoiceField):
    """A congress among those the user works for; others are "not in scope"."""

    default_error_messages = {
        "invalid_choice": "所选人大无效或不在您的工作范围内，请重新选择。",
    }

    def label_from_instance(self, obj) -> str:
        return obj.short_name


class CongressFilterForm(forms.Form):
    """The congress, picked from the user's congresses (default: the first).

    The base of the workflow pages' filter forms (suggestions, 双联): pass
    ``congresses`` (usually ``congresses_visible_to(user)``).
    """

    congress = CongressField(queryset=None, label="人大", required=False)

    def __init__(self, data=None, *, congresses, **kwargs):
        super().__init__(data, **kwargs)
        self.congresses = congresses
        self.fields["congress"].queryset = congresses
        self.fields["congress"].empty_label = None

    def problems(self) -> list[str]:
        """Return every error message, each prefixed with its field's label."""
        out = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            out.extend(f"{label}：{error}" if label else error for error in errors)
        return out

    def value(self, name: str):
        """Return a cleaned value, or None if the field was empty or invalid."""
        if not hasattr(self, "cleaned_data"):
            return None
        return self.cleaned_data.get(name) or None

    def offer_years(self, name: str = "year", *, blank: str | None = None) -> None:
        """Make a year box a select of the years there can be data for.

        The years run from the first term of the user's congresses to this year,
        newest first, and always hold the year the page shows; ``blank`` adds an
        empty first choice (e.g. "全部年度") for a filter that may be left out.
        The field keeps its own validation; the choices are read only when the
        select is drawn (one query), never for the API or an export.
        """
        field = self.fields[name]
        made: list = []

        def choices():
            # Drawing a select reads its choices twice (the options, and whether
            # the first is empty for `required`): ask the database once.
            if not made:
                made.extend(year_options())
            return made

        def year_options():
            this_year = timezone.localdate().year
            first = self.congresses.aggregate(start=Min("terms__start_date"))["start"]
            years = set(range(first.year if first else this_year, this_year + 1))
            shown = self[name].value()
            if str(shown or "").isdigit():
                years.add(int(shown))
            options = [(year, f"{year}年") for year in sorted(years, reverse=True)]
            return [("", blank), *options] if blank is not None else options

        field.widget = forms.Select(choices=CallableChoiceIterator(choices))

    def chosen_congress(self):
        """Return the chosen congress, else the user's first one (None if none)."""
        congress = self.value("congress")
        if congress is not None:
            return congress
        return self.congresses.first()
