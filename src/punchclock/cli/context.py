"""Shared CLI plumbing: settings from flags, an in-process database, error reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from punchclock.config import Settings
from punchclock.db import Database, Timeouts
from punchclock.errors import AppError
from punchclock.event import bus

T = TypeVar("T")


def settings_from(data_dir: Path | None, database_url: str | None, **extra: Any) -> Settings:
    overrides: dict[str, Any] = {k: v for k, v in extra.items() if v is not None}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return Settings(**overrides)


def open_database(settings: Settings, migrate: bool = True) -> Database:
    if settings.is_sqlite:
        settings.ensure_data_dir()
    db = Database(
        settings.effective_database_url,
        pool_size=2,
        timeouts=Timeouts.from_settings(settings),
        sqlite_cache_kib=settings.sqlite_cache_kib,
    )
    if migrate:
        db.migrate()
    if settings.redis_url:
        # Changes made here (imports, a disabled user) reach the running servers' sockets too.
        db.event_sink = bus.Publisher(
            settings.redis_url,
            bus.channel_for(settings.resolved_secret()),
            max(settings.redis_timeout_seconds, 1.0),
        )
    return db


def run(db: Database, fn: Callable[..., T], *args: Any, write: bool = True) -> T:
    """Call a service in one transaction; domain errors become a message and exit code 1."""
    try:
        return db.call(fn, *args, write=write)
    except AppError as exc:
        click.secho(f"error: {exc.message}", fg="red", err=True)
        sys.exit(1)


data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="PUNCHCLOCK_DATA_DIR",
    help="Data folder (SQLite database and secret). Env: PUNCHCLOCK_DATA_DIR.",
)
database_url_option = click.option(
    "--database-url", envvar="PUNCHCLOCK_DATABASE_URL", help="SQLAlchemy URL. Env: PUNCHCLOCK_DATABASE_URL."
)
