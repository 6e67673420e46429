"""Form fields shared by the apps."""

from django import forms

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
