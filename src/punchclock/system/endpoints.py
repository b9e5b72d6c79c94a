from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.orm import Session

from punchclock import __version__
from punchclock.errors import ServiceUnavailable
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


class Health(BaseModel):
    status: str
    database: str
    version: str


@router.get("/info", response_model=Info)
async def info() -> JSONResp:
    """API version and the main endpoints. No authentication."""
    return JSONResp(
        {
            "api_version": "v1",
            "app_version": __version__,
            "documentation_url": "/api/docs",
            "endpoints": ENDPOINTS,
        }
    )


def _ping(session: Session) -> None:
    session.execute(text("SELECT 1"))


@router.get("/health", response_model=Health, responses={503: {"description": "Database unreachable"}})
async def health(request: Request) -> JSONResp:
    """Liveness and database reachability. No authentication."""
    db = request.app.state.db
    try:
        await db.read(_ping)
    except Exception as exc:
        raise ServiceUnavailable("The database is unreachable") from exc
    return JSONResp({"status": "healthy", "database": "ok", "version": __version__})
