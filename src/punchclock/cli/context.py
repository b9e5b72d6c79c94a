"""Shared CLI plumbing: settings from flags, an in-process database, error reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

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


def describe(url: str) -> str:
    """The database's address as an admin may see it (no password)."""
    return make_url(url).render_as_string(hide_password=True)


def _missing(db: Database, settings: Settings) -> bool:
    """Whether no Punchclock database is there yet (no SQLite file; no schema in PostgreSQL)."""
    if settings.is_sqlite:
        path = make_url(settings.effective_database_url).database or ""
        return path not in ("", ":memory:") and not Path(path).exists()
    with db.engine.connect() as conn:
        return not inspect(conn).has_table("alembic_version")


def open_database(settings: Settings, migrate: bool = True, create: bool = False) -> Database:
    """The configured database, brought up to date when ``migrate``.

    Only ``create`` makes one that is not there (serve, migrate, restore): an admin command pointed
    at the wrong folder says so instead of answering from a new, empty database.
    """
    url = settings.effective_database_url
    if settings.is_sqlite and create:
        settings.ensure_data_dir()
    db = Database(
        settings.effective_database_url,
        pool_size=2,
        timeouts=Timeouts.from_settings(settings),
        sqlite_cache_kib=settings.sqlite_cache_kib,
    )
    if not create:
        try:
            missing = _missing(db, settings)
        except SQLAlchemyError as exc:
            db.dispose()
            fail_db(f"cannot open the database {describe(url)}: {exc.__class__.__name__}")
        if missing:
            db.dispose()
            fail_db(
                f"no Punchclock database at {describe(url)}; point --data-dir or --database-url at "
                "yours, or create it with `punchclock migrate`"
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


def fail_db(message: str) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(1)


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
