"""The OpenAPI document as clients need it: summaries, one error shape, every status a call can get.

Notes:
FastAPI documents 200 and its own 422 only. Punchclock answers validation errors with 400 in the error
shape of seed 003, and every authenticated operation can also answer 401, 403, 429 and 503; one with a
path parameter 404; one with a body 409 and 413. They are added here from those rules, rather than on
each route, so a new route cannot forget them. Exports are documented with the content types they send.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message", "code", "error_code"],
    "properties": {
        "error": {"type": "string", "description": "Short title"},
        "message": {"type": "string", "description": "What went wrong, for people"},
        "code": {"type": "string", "description": "Stable machine-readable code"},
        "error_code": {"type": "string", "description": "The same code, as TimeTracker's clients read it"},
        "details": {"type": "array", "items": {"type": "object"}, "description": "Per-field problems"},
        "required_scope": {"type": "string"},
        "available_scopes": {"type": "array", "items": {"type": "string"}},
        "retry_after": {"type": "integer", "description": "Seconds to wait (429)"},
        "request_id": {"type": "string"},
    },
}
PUBLIC = {
    "/api/v1/info",
    "/api/v1/health",
    "/api/v1/ready",
    "/api/v1/auth/login",
    "/api/v1/auth/session",
    "/api/v1/auth/methods",
    "/api/v1/auth/oidc/start",
    "/api/v1/auth/oidc/callback",
    "/api/v1/auth/oidc/handoff",
    "/api/openapi.json",
}
ERRORS = {
    "400": "Invalid input",
    "401": "Not signed in, or the token is invalid, expired or revoked",
    "403": "The token lacks the scope, or the role lacks the right",
    "404": "No such object (in the path or named in the body), or not yours to see",
    "409": "The change conflicts with existing data",
    "413": "The request body is too large",
    "429": "Rate limit exceeded; see Retry-After",
    "503": "A dependency (the database) is unavailable; see Retry-After",
}
# Public, but a sign-in can fail or be throttled (password sign-in can be off: 403); single sign-on
# answers 404 while it is not configured.
SIGN_IN = {
    "/api/v1/auth/login": ["401", "403", "429"],
    "/api/v1/auth/session": ["401", "403", "429"],
    "/api/v1/auth/oidc/start": ["404"],
    "/api/v1/auth/oidc/callback": ["404"],
    "/api/v1/auth/oidc/handoff": ["404"],
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _table(key: str) -> dict[str, Any]:
    rows = {"type": "object", "required": [key], "properties": {key: {"type": "array"}}}
    return {
        "text/csv": {"schema": {"type": "string"}},
        XLSX: {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": rows},
    }


_DOWNLOAD: dict[str, Any] = {
    "text/csv": {"schema": {"type": "string"}},
    XLSX: {"schema": {"type": "string", "format": "binary"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}

DOWNLOADS: dict[str, dict[str, Any]] = {
    "/api/v1/exports/time-entries": _table("time_entries"),
    "/api/v1/exports/report": {
        **_table("report"),
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
    },
    "/api/v1/exports/account": {"application/json": {"schema": {"type": "object"}}},
    "/api/v1/reports/timesheet": {"text/csv": {"schema": {"type": "string"}}},  # besides its JSON
    "/api/v1/calendar/feed.ics": {"text/calendar": {"schema": {"type": "string"}}},
    "/api/v1/audit/export": {k: v for k, v in _table("events").items() if k != XLSX},  # CSV or JSON
    # The working-time month (JSON as documented by its schema, or a download).
    "/api/v1/worktime/report": dict(_DOWNLOAD.items()),
    "/api/v1/worktime/report/team": dict(_DOWNLOAD.items()),
}


def _statuses(path: str, method: str, op: dict[str, Any]) -> list[str]:
    wanted = ["503"]
    if path.startswith("/api/v1/") and path not in PUBLIC:
        wanted += ["401", "403", "429"]
    if "{" in path:
        wanted.append("404")
    if method in ("post", "put", "patch"):
        wanted += ["400", "409", "413"]
        if path not in PUBLIC:
            wanted.append("404")  # the body names an object that is not there, or not yours
    elif op.get("requestBody"):
        wanted += ["400", "413"]  # a DELETE with a body (a password to confirm it): unreadable, too big
    elif op.get("parameters"):
        wanted.append("400")
    if method == "delete":
        wanted.append("409")  # still in use (a client with projects)
    wanted += SIGN_IN.get(path, [])
    return wanted


def _complete(path: str, method: str, op: dict[str, Any], error_ref: dict[str, Any]) -> None:
    doc = (op.get("description") or "").strip()
    if doc:
        op["summary"] = doc.splitlines()[0].rstrip(".")
    responses = op.setdefault("responses", {})
    responses.pop("422", None)
    for status in _statuses(path, method, op):
        entry = responses.setdefault(status, {"description": ERRORS[status]})
        entry.setdefault("content", error_ref)
    download = DOWNLOADS.get(path)
    if download and method == "get" and "200" in responses:
        content = responses["200"].setdefault("content", {})
        if "application/json" in download:
            content.clear()
        content.update(download)


def tune(app: FastAPI) -> None:
    """Docstrings become summaries, and every operation documents the errors it can answer."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components["Error"] = ERROR_SCHEMA
            for name in ("HTTPValidationError", "ValidationError"):
                components.pop(name, None)
            error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            for path, operations in schema.get("paths", {}).items():
                for method, op in operations.items():
                    _complete(path, method, op, error_ref)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
