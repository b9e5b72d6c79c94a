"""The error hierarchy. Services raise these; one handler in app.py renders them all.

Every error body has the shape of seed 003: ``{"error": title, "message": detail}`` plus a stable
machine-readable ``code`` that clients branch on, repeated as ``error_code`` (the name TimeTracker's
own clients read, e.g. ``timer_already_running``), and optional extra fields (``required_scope``,
``available_scopes``, ``details``).
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status_code = 500
    code = "internal_error"
    title = "Internal server error"

    def __init__(self, message: str | None = None, *, code: str | None = None, **extra: Any) -> None:
        self.message = message or self.title
        if code:
            self.code = code
        self.extra = extra
        self.headers: dict[str, str] = {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        code = self.code
        return {"error": self.title, "message": self.message, "code": code, "error_code": code, **self.extra}


class BadRequest(AppError):
    status_code = 400
    code = "bad_request"
    title = "Bad request"


class ValidationFailed(BadRequest):
    code = "validation_error"
    title = "Validation error"


class Unauthorized(AppError):
    status_code = 401
    code = "unauthorized"
    title = "Authentication required"


class InvalidToken(Unauthorized):
    code = "invalid_token"
    title = "Invalid token"


class ModuleDisabled(AppError):
    """What TimeTracker answers for a feature an administrator turned off; its clients hide the feature."""

    status_code = 403
    code = "module_disabled"
    title = "module_disabled"  # TimeTracker's clients look for this word in ``error``


class Forbidden(AppError):
    status_code = 403
    code = "forbidden"
    title = "Forbidden"


class InsufficientScope(Forbidden):
    code = "insufficient_scope"
    title = "Insufficient permissions"

    def __init__(self, required: str, available: list[str]) -> None:
        super().__init__(
            f"This endpoint requires the '{required}' scope",
            required_scope=required,
            available_scopes=available,
        )


class NotFound(AppError):
    status_code = 404
    code = "not_found"
    title = "Not found"


class Conflict(AppError):
    status_code = 409
    code = "conflict"
    title = "Conflict"


class PayloadTooLarge(AppError):
    status_code = 413
    code = "payload_too_large"
    title = "Payload too large"


class TooManyRequests(AppError):
    status_code = 429
    code = "rate_limited"
    title = "Too many requests"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.headers = {"Retry-After": str(retry_after)}


class ServiceUnavailable(AppError):
    """A dependency (the database, a tool) is down, stalled or busy: retry after ``Retry-After``."""

    status_code = 503
    code = "unavailable"
    title = "Service unavailable"

    def __init__(
        self, message: str | None = None, *, code: str | None = None, retry_after: int = 1, **extra: Any
    ) -> None:
        super().__init__(message, code=code, **extra)
        self.headers = {"Retry-After": str(retry_after)}
