"""`punchclock serve`: migrate, bootstrap the first admin, then run uvicorn (one or more workers)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click
import uvicorn
from sqlalchemy.orm import Session

from punchclock import logs
from punchclock.cli.context import data_dir_option, database_url_option, open_database, settings_from
from punchclock.db import Database
from punchclock.httpserver import LimitedHttpToolsProtocol
from punchclock.models import User
from punchclock.user import service as user_service

log = logging.getLogger("punchclock")


def _bootstrap_admin(session: Session, password: str | None) -> User | None:
    Database.setup_lock(session)  # instances started together: one creates the admin
    return user_service.bootstrap_admin(session, password)


@click.command()
@click.option(
    "--host", envvar="PUNCHCLOCK_HOST", default=None, help="Listen address [127.0.0.1]. Env: PUNCHCLOCK_HOST."
)
@click.option(
    "--port", envvar="PUNCHCLOCK_PORT", type=int, default=None, help="Port [8080]. Env: PUNCHCLOCK_PORT."
)
@click.option(
    "--workers",
    envvar="PUNCHCLOCK_WORKERS",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes [1].",
)
@data_dir_option
@database_url_option
def serve(
    host: str | None, port: int | None, workers: int | None, data_dir: Path | None, database_url: str | None
) -> None:
    """Run the server. Pending migrations are applied first."""
    settings = settings_from(data_dir, database_url, host=host, port=port, workers=workers)
    logs.configure(settings.log_level, settings.log_format)
    db = open_database(settings, migrate=False, create=True)
    for revision in db.migrate():
        log.info("Applied migration %s", revision)
    admin = db.call(_bootstrap_admin, settings.admin_password)
    if admin is not None:
        log.info("Created the 'admin' account from PUNCHCLOCK_ADMIN_PASSWORD.")
    elif db.call(user_service.count, write=False) == 0:
        log.warning("No accounts yet: create one with `punchclock user create NAME --role admin`.")
    db.dispose()
    # Workers build their app from the environment; pass the resolved settings down that way,
    # including the secret, so every worker signs tokens with the same key.
    os.environ["PUNCHCLOCK_SECRET_KEY"] = settings.resolved_secret()
    os.environ["PUNCHCLOCK_DATA_DIR"] = str(settings.data_dir)
    os.environ["PUNCHCLOCK_DATABASE_URL"] = settings.effective_database_url
    os.environ["PUNCHCLOCK_MAX_HEADER_BYTES"] = str(settings.max_header_bytes)
    os.environ["PUNCHCLOCK_MAX_HEADERS"] = str(settings.max_headers)
    log.info("Punchclock listening on http://%s:%s (API docs at /api/docs)", settings.host, settings.port)
    uvicorn.run(
        "punchclock.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if settings.workers > 1 else None,
        log_level=settings.log_level,
        log_config=None,  # each process sets up its own (punchclock.logs), workers included
        access_log=False,
        # X-Forwarded-* are read by punchclock.middleware, from the trusted proxies only.
        proxy_headers=False,
        http=LimitedHttpToolsProtocol,
        timeout_worker_healthcheck=settings.worker_boot_timeout_seconds,
        timeout_graceful_shutdown=settings.shutdown_timeout_seconds,
        # The sans-I/O websockets protocol: the maintained one, and light per idle socket. No
        # per-message deflate: events are small, and each socket's zlib state would cost ~100 KB.
        ws="websockets-sansio",
        ws_per_message_deflate=False,
    )
