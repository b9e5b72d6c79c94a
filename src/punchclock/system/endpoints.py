from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.orm import Session

from punchclock import __version__
from punchclock.errors import AppError
from punchclock.mail import service as mail_service
from punchclock.responses import JSONResp

router = APIRouter(tags=["system"])

ENDPOINTS = {
    "auth": "/api/v1/auth/login",
    "users": "/api/v1/users",
    "tokens": "/api/v1/tokens",
    "projects": "/api/v1/projects",
    "time_entries": "/api/v1/time-entries",
    "timer": "/api/v1/timer/status",
    "tasks": "/api/v1/tasks",
    "clients": "/api/v1/clients",
    "reports": "/api/v1/reports/summary",
}


class Info(BaseModel):
    api_version: str
    app_version: str
    documentation_url: str
    endpoints: dict[str, str]
    setup_required: bool = Field(
        description="Always false: there is no setup to finish in a browser (TimeTracker's clients refuse to "
        "sign in while it is true)"
    )
    timezone: str = Field(description="The zone of the times this API sends: UTC, each with a Z")
    mail: bool = Field(False, description="Whether this server can send e-mail (invitations)")
    password_reset: bool = Field(
        False, description="Whether a forgotten password can be reset by e-mail (/api/v1/auth/password-reset)"
    )


class Health(BaseModel):
    status: str
    database: str
    version: str


class Readiness(BaseModel):
    status: str
    database: str
    redis: str
    version: str


# Probes must answer quickly whatever the dependencies do: an orchestrator's own timeout is short.
PROBE_SECONDS = 2.0


@router.get("/info", response_model=Info)
async def info(request: Request) -> JSONResp:
    """API version, the main endpoints and what this server offers. No authentication."""
    settings = request.app.state.settings
    mail = mail_service.configured(settings)
    return JSONResp(
        {
            "api_version": "v1",
            "app_version": __version__,
            "documentation_url": "/api/docs",
            "endpoints": ENDPOINTS,
            "setup_required": False,
            "timezone": "UTC",
            "mail": mail,
            "password_reset": mail and bool(settings.public_url),
        }
    )


def _ping(session: Session) -> None:
    session.execute(text("SELECT 1"))


async def _database_ok(request: Request) -> bool:
    with anyio.move_on_after(PROBE_SECONDS):
        try:
            await request.app.state.db.read(_ping)
        except AppError:
            return False
        return True
    return False


async def _redis_state(request: Request) -> str:
    if not request.app.state.settings.redis_url:
        return "not configured"
    counters = request.app.state.counters
    with anyio.move_on_after(PROBE_SECONDS):
        return "ok" if await counters.ping() else "unavailable"
    return "unavailable"


@router.get("/health", response_model=Health)
async def health(request: Request) -> JSONResp:
    """Liveness: the process answers (200 even while the database is down). No authentication.

    ``database`` says whether the database answered within two seconds; restart nothing over it:
    readiness (/api/v1/ready) is the probe that takes an instance out of rotation.
    """
    database = "ok" if await _database_ok(request) else "unavailable"
    return JSONResp({"status": "healthy", "database": database, "version": __version__})


@router.get(
    "/ready",
    response_model=Readiness,
    responses={503: {"description": "The database is unreachable", "model": Readiness}},
)
async def ready(request: Request) -> JSONResp:
    """Readiness: 200 when the database answers within two seconds, else 503. No authentication.

    Redis is reported but not required: without it the instance degrades (rate limits per process,
    live updates local) rather than stopping, so it stays in rotation.
    """
    database_ok = await _database_ok(request)
    redis = await _redis_state(request)
    body = {
        "status": "ready" if database_ok else "unavailable",
        "database": "ok" if database_ok else "unavailable",
        "redis": redis,
        "version": __version__,
    }
    if not database_ok:
        return JSONResp(body, status_code=503, headers={"Retry-After": "2"})
    return JSONResp(body)
