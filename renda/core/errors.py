"""Application errors: one class, a code per app, a Chinese message for users.

Services raise these; views turn them into form errors or messages, the API
into JSON ``{"code": ..., "message": ..., "field": ...}``.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the domain was broken; the message is shown to the user as is."""

    code = "core.error"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.field:
            data["field"] = self.field
        if self.extra:
            data.update(self.extra)
        return data


class NotFound(ApplicationError):
    code = "core.not_found"
    status = 404


class PermissionDenied(ApplicationError):
    code = "core.permission_denied"
    status = 403


class InvalidTransition(ApplicationError):
    code = "core.invalid_transition"
    status = 409


class Conflict(ApplicationError):
    code = "core.conflict"
    status = 409
