"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import PermissionDenied as PageForbidden

from .errors import PermissionDenied
from .parsing import parse_pk

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    """A browser date picker whose value is always ISO (``2026-12-10``).

    A ``DateInput`` without a format renders the locale's first input format
    (zh-hans: ``2026/12/10``), which ``<input type="date">`` cannot show: the
    field comes back blank and the user's untouched date is lost. Every date
    input of every app uses this widget.
    """

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs, format=format or ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker whose value is ISO (``2026-12-10T09:30``)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's name
        super().__init__(attrs, format=format or ISO_DATETIME)


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


def refusal_status(error) -> int:
    """Return the status of a page showing a service's refusal, as the API answers it.

    409 when the record's state no longer allows the step (``InvalidTransition``,
    ``Conflict``: a stale tab, a step another user took first), else 400.
    """
    return 409 if error.status == 409 else 400


def apply_service_error(
    form: forms.Form,
    error,
    aliases: dict | None = None,
    *,
    default: str | None = None,
) -> int:
    """Show a service's refusal on the form: on the field it names, else above the form.

    ``aliases`` maps a service's field name to the form's where they differ;
    ``default`` is the field that takes an error naming no field of the form
    (None: above the form). A permission refusal is not a form error: it
    becomes the 403 page. Returns the page's status, as the API answers the
    same refusal: 409 when the record's state no longer allows the step
    (``InvalidTransition``, ``Conflict``), else 400.
    """
    if isinstance(error, PermissionDenied):
        raise PageForbidden(error.message)
    field = (aliases or {}).get(error.field, error.field)
    if not (field and field in form.fields):
        field = default
    form.add_error(field, forms.ValidationError(error.message, code=error.code))
    status = refusal_status(error)
    # form_status reads it back, so a page that re-renders the form answers
    # the refusal's status without each view passing it along.
    form.refusal_status = max(status, getattr(form, "refusal_status", 400))
    return status


def form_errors_text(form) -> str:
    """Every error of a form in one line, for a message or an htmx fragment."""
    return "；".join(
        str(message) for errors in form.errors.values() for message in errors
    )


def refused_not_drawn(bound: dict, offered) -> list[str]:
    """Why each refused form was refused, for the forms whose step is no longer
    ``offered`` (a colleague acted first): the page does not draw them, so the
    reasons show above it. Values of ``bound`` that are not forms are skipped.
    """
    return [
        form_errors_text(form)
        for verb, form in bound.items()
        if isinstance(form, forms.BaseForm) and form.errors and verb not in offered
    ]


def form_status(*forms_shown, default: int = 200) -> int:
    """Return the status of a page that shows forms: 400 if one comes back with errors.

    Every page that re-renders a bound form with its errors answers 400, so a
    client (a test, a script, an offline queue replaying a post) can tell a
    refused post from a page shown for the first time; 409 when the errors
    include a step the record's state no longer allows (``apply_service_error``
    marks the form), as the API answers.
    """
    refused = [
        getattr(form, "refusal_status", 400)
        for form in forms_shown
        if form is not None and form.is_bound and form.errors
    ]
    return max(refused) if refused else default
