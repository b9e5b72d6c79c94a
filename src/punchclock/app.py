"""create_app(settings): lifespan, error handlers, middleware, routers and the API docs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.telemetry import TelemetryConfig
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from punchclock import __version__, logs, openapi
from punchclock.absence import endpoints as absence
from punchclock.account import endpoints as account
from punchclock.apidocs import endpoints as apidocs
from punchclock.approval import endpoints as approval
from punchclock.attendance import endpoints as attendance
from punchclock.audit import endpoints as audit
from punchclock.auth import cache as auth_cache
from punchclock.auth import endpoints as auth
from punchclock.auth.ratelimit import RateLimiter
from punchclock.auth.throttle import Limits, LoginThrottle
from punchclock.balance import endpoints as balance
from punchclock.client import endpoints as client
from punchclock.config import Settings
from punchclock.cors import CorsMiddleware, parse_origins
from punchclock.db import Database, Timeouts
from punchclock.entry import endpoints as entry
from punchclock.errors import AppError
from punchclock.event import endpoints as event
from punchclock.event.live import Live
from punchclock.export import endpoints as export
from punchclock.favorite import endpoints as favorite
from punchclock.history import endpoints as history
from punchclock.holiday import endpoints as holiday
from punchclock.identity import endpoints as identity
from punchclock.importer import endpoints as importer
from punchclock.kit.counter import make_counters
from punchclock.kit.secret import deployment_id
from punchclock.lean import LeanRoutes
from punchclock.metrics import endpoints as metrics
from punchclock.metrics.registry import HttpMetrics
from punchclock.middleware import RequestMiddleware
from punchclock.options import OptionsMiddleware
from punchclock.preset import endpoints as preset
from punchclock.project import endpoints as project
from punchclock.reminder import endpoints as reminder
from punchclock.report import endpoints as report
from punchclock.responses import JSONResp
from punchclock.savedreport import endpoints as savedreport
from punchclock.search import endpoints as search
from punchclock.setting import endpoints as setting
from punchclock.sso import client as sso_client
from punchclock.sso import endpoints as sso
from punchclock.startup import endpoints as startup
from punchclock.sync import endpoints as sync
from punchclock.system import endpoints as system
from punchclock.task import endpoints as task
from punchclock.team import endpoints as team
from punchclock.timeoff import endpoints as timeoff
from punchclock.timer import endpoints as timer
from punchclock.timesheet import endpoints as timesheet
from punchclock.token import endpoints as token
from punchclock.twofactor import endpoints as twofactor
from punchclock.user import endpoints as user
from punchclock.web import endpoints as web
from punchclock.webhook import endpoints as webhook
from punchclock.worktime import endpoints as worktime

log = logging.getLogger("punchclock")

API_PREFIX = "/api/v1"
ROUTERS = (
    system,
    auth,
    identity,
    twofactor,
    sso,
    user,
    team,
    token,
    client,
    project,
    task,
    search,
    entry,
    timer,
    report,
    setting,
    webhook,
    event,
    export,
    importer,
    favorite,
    savedreport,
    preset,
    attendance,
    audit,
    account,
    startup,
    timesheet,
    approval,
    history,
    holiday,
    worktime,
    balance,
    reminder,
    absence,
    timeoff,
)

# The hottest GETs, answered without FastAPI's routing and dependency solving (punchclock.lean).
LEAN_ROUTES = {
    ("GET", f"{API_PREFIX}/time-entries"): entry.lean_list,
    ("GET", f"{API_PREFIX}/timer/status"): timer.lean_status,
    ("POST", f"{API_PREFIX}/timer/start"): timer.lean_start,
    ("POST", f"{API_PREFIX}/timer/stop"): timer.lean_stop,
    ("POST", f"{API_PREFIX}/timer/pause"): timer.lean_pause,
    ("POST", f"{API_PREFIX}/timer/resume"): timer.lean_resume,
}

_HTTP_TITLES = {
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    415: "Unsupported media type",
}


def _error_response(error: AppError, request: Request) -> JSONResp:
    body = error.body()
    body["request_id"] = getattr(request.state, "request_id", None)
    return JSONResp(body, status_code=error.status_code, headers=error.headers or None)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for err in exc.errors()[:20]:
        if err.get("type") == "json_invalid":
            details.append({"field": None, "message": "The request body is not valid JSON"})
            continue
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        details.append({"field": ".".join(loc) or None, "message": err.get("msg", "invalid value")})
    return details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> JSONResp:
        return _error_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResp:
        details = _field_errors(exc)
        first = details[0] if details else {"field": None, "message": "invalid request"}
        where = f"{first['field']}: " if first["field"] else ""
        body = {
            "error": "Validation error",
            "message": f"{where}{first['message']}",
            "code": "validation_error",
            "error_code": "validation_error",
            "details": details,
            "request_id": getattr(request.state, "request_id", None),
        }
        return JSONResp(body, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResp:
        title = _HTTP_TITLES.get(exc.status_code, "HTTP error")
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else title
        code = title.lower().replace(" ", "_")
        body = {
            "error": title,
            "message": message if exc.status_code != 404 else "The requested resource was not found",
            "code": code,
            "error_code": code,
            "request_id": getattr(request.state, "request_id", None),
        }
        return JSONResp(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResp:
        request_id = getattr(request.state, "request_id", None)
        log.exception("unhandled error (request %s)", request_id)
        body = {
            "error": "Internal server error",
            "message": "An unexpected error occurred; it has been logged",
            "code": "internal_error",
            "error_code": "internal_error",
            "request_id": request_id,
        }
        return JSONResp(body, status_code=500)


def _telemetry(on: bool) -> TelemetryConfig:
    return {} if on else {"tracing": False, "metrics": False, "logs": False}


def create_app(
    settings: Settings | None = None, database: Database | None = None, lean_routes: bool = True
) -> FastAPI:
    """The app; ``lean_routes=False`` sends every request down FastAPI's path (tests compare both)."""
    settings = settings or Settings()
    db = database or Database(
        settings.effective_database_url,
        settings.db_pool_size,
        Timeouts.from_settings(settings),
        settings.sqlite_cache_kib,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await live.start()
        yield
        await live.stop()
        await app.state.counters.close()
        if database is None:
            db.dispose()

    app = FastAPI(
        title="Punchclock API",
        version=__version__,
        description="Self-hosted time tracking. Authenticate with `Authorization: Bearer <token>` "
        "or `X-API-Key: <token>`; API tokens come from `punchclock token create` or /api/v1/tokens.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # Off unless asked for: when no SDK is configured, FastAPI still looks for one on every
        # request (a twentieth of a week list's CPU).
        telemetry=_telemetry(settings.opentelemetry),
    )
    counters = make_counters(
        settings.redis_url, deployment_id(settings.resolved_secret()), settings.redis_timeout_seconds
    )
    app.state.settings = settings
    app.state.db = db
    app.state.secret = settings.resolved_secret()
    app.state.counters = counters
    app.state.oidc = sso_client.from_settings(settings)
    auth_cache.configure(settings.auth_cache_seconds)
    app.state.limiter = RateLimiter(
        counters,
        settings.rate_limit_per_minute,
        settings.rate_limit_per_hour,
        settings.web_rate_limit_per_minute,
        settings.web_rate_limit_per_hour,
    )
    app.state.login_throttle = LoginThrottle(
        counters,
        Limits(
            pair=settings.login_max_failures,
            address=settings.login_max_failures_per_address,
            account=settings.login_max_failures_per_account,
            window=settings.login_window_seconds,
        ),
    )
    live = Live(app, settings, db)
    app.state.hub = live.hub
    app.state.webhook_sender = live.sender
    app.state.jobs = live.jobs
    install_error_handlers(app)
    # First: TimeTagger clients poll every few seconds, and routes are tried in order (sync.endpoints).
    app.mount(sync.PREFIX, sync.router)
    for module in ROUTERS:
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(apidocs.router)
    app.state.metrics = HttpMetrics(LEAN_ROUTES) if settings.metrics_token else None
    if app.state.metrics is not None:
        app.include_router(metrics.router)
    app.include_router(web.router)
    # Read the web app's files now, not at the first visit: reinstalling the package under a running
    # server (scripts/test in the checkout scripts/serve runs from) then cannot take them away.
    web.bundle()
    openapi.tune(app)
    app.add_middleware(OptionsMiddleware)
    if lean_routes:
        # Innermost, so the request middleware and gzip treat lean answers like any other.
        app.add_middleware(LeanRoutes, routes=LEAN_ROUTES, render_error=_error_response)
    # JSON lists compress five to tenfold: a week of entries for the web app drops from ~150 KB to
    # ~20 KB. The web app's assets come precompressed and are left alone (Content-Encoding is set).
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(
        RequestMiddleware,
        max_body_bytes=settings.max_body_bytes,
        log_requests=settings.access_log,
        trusted_proxies=settings.forwarding_proxy_networks,
        observe=app.state.metrics.observe if app.state.metrics is not None else None,
    )
    origins = parse_origins(settings.cors_origins or "")
    if origins:
        app.add_middleware(CorsMiddleware, origins=origins)  # outermost: its headers go on every answer
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers: settings come from PUNCHCLOCK_* (set by `punchclock serve`).

    A worker process starts with no logging set up (spawned, not forked): each sets up its own.
    """
    settings = Settings()
    logs.configure(settings.log_level, settings.log_format)
    return create_app(settings)
