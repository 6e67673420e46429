"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import PermissionDenied as PageForbidden

from .errors import PermissionDenied
from .parsing import parse_pk


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows whose posted ids are checked before any query.

    Django hands each posted value to the database as is; a value past the
    database's integer range then fails there (SQLite: OverflowError, a 500).
    Only ids ``parse_pk`` accepts get that far.
    """

    def _check_values(self, value):
        for item in value:
            if parse_pk(item) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class IdChoiceField(forms.ModelChoiceField):
    """A single row whose posted id is checked before any query (no database error).

    Django's ``ModelChoiceField`` catches a ValueError of the lookup, not the
    OverflowError of an id past the database's integer range (SQLite).
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_pk(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def apply_service_error(
    form: forms.Form,
    error,
    aliases: dict | None = None,
    *,
    default: str | None = None,
) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form.

    ``aliases`` maps a service's field name to the form's where they differ;
    ``default`` is the field that takes an error naming no field of the form
    (None: above the form). A permission refusal is not a form error: it
    becomes the 403 page.
    """
    if isinstance(error, PermissionDenied):
        raise PageForbidden(error.message)
    field = (aliases or {}).get(error.field, error.field)
    if not (field and field in form.fields):
        field = default
    form.add_error(field, forms.ValidationError(error.message, code=error.code))
