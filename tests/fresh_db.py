"""A fresh, empty PostgreSQL database for tests that must start from nothing (CLI, migrations)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import IN_CI, PG_ADMIN_URL, _pg_available


@contextmanager
def fresh_pg_database(prefix: str = "pc_fresh") -> Iterator[str]:
    """Create an empty database, yield its URL, drop it after. Skips without PostgreSQL (fails in CI)."""
    if not _pg_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL not available")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def empty_database(backend: str, sqlite_path: Path, prefix: str) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{sqlite_path}"
        return
    with fresh_pg_database(prefix) as url:
        yield url
