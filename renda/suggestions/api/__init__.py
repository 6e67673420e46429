"""/api/v1/suggestions: deputies' suggestions from draft to closing, and their figures.

One router holds everything: the suggestions themselves, their assignments
(``/suggestions/assignments/{id}/...``), extension requests
(``/suggestions/extensions/{id}/...``) and replies (``/suggestions/replies/{id}/...``).
Every read goes through the suggestion selectors (404 outside scope); every
write calls the service of that step, whose errors become JSON through the
API's handlers (403 not allowed, 409 wrong state or lost race, 400 a rule of
the input, naming the field).
"""

# The parts register their endpoints on one router, in this order: the fixed
# paths (/stats, /assignments/..., /extensions/..., /replies/...) before
# /{suggestion_id}.
from . import stats  # noqa: F401, I001
from . import handling  # noqa: F401, I001
from . import government  # noqa: F401, I001
from . import suggestions  # noqa: F401, I001
from . import attachments  # noqa: F401, I001
from .common import router  # noqa: I001

# The operation ids stay those of the single module this once was
# (renda_suggestions_api_<function>): clients generated from the schema keep
# their method names.
for _path_view in router.path_operations.values():
    for _operation in _path_view.operations:
        _operation.operation_id = (
            _operation.operation_id
            or f"renda_suggestions_api_{_operation.view_func.__name__}"
        )

__all__ = ["router"]
