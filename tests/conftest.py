"""Fixtures: a migrated database per backend (SQLite and PostgreSQL), an app, users and tokens.

Every test that takes ``db`` (directly or through ``api``) runs once on SQLite and once on
PostgreSQL. The schema is built by the Alembic migrations once per session and per backend; each
test then starts from empty tables (a fresh copy of the migrated SQLite file, or TRUNCATE on
PostgreSQL). PostgreSQL comes from PUNCHCLOCK_TEST_PG_URL (default: the local server on
127.0.0.1:5432, database ``test``); without it the PostgreSQL runs are skipped locally and fail in CI.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from punchclock.app import create_app
from punchclock.auth import passwords
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.models import Base, UserTotp
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service
from punchclock.twofactor import totp
from punchclock.user import service as user_service

PG_ADMIN_URL = os.environ.get("PUNCHCLOCK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI") == "true"

# Argon2 at full strength costs ~50 ms a hash; tests hash thousands of passwords.
passwords.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _pg_available() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    if not _pg_available():
        if IN_CI:
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL not available")
    name = f"pc_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    db.migrate()
    _SEEDS[str(db.engine.url)] = _seeds(db)
    db.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_SEEDS: dict[str, list[tuple[Any, list[dict[str, Any]]]]] = {}


def _seeds(db: Database) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows the migrations seed (absence types), as read from a freshly migrated database."""
    with db.engine.connect() as conn:
        found = [(t, [dict(r) for r in conn.execute(t.select().order_by(*t.primary_key)).mappings()])
                 for t in Base.metadata.sorted_tables]  # fmt: skip
    return [(t, rows) for t, rows in found if rows]


def _truncate(db: Database) -> None:
    """Empty every table, then put the migrations' seed rows back (ids as they were: the identities
    restart and the rows go in in id order)."""
    seeds = _SEEDS.get(str(db.engine.url), [])
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        for table, rows in seeds:
            keep = [{k: v for k, v in r.items() if k != "id"} for r in rows] if "id" in table.c else rows
            conn.execute(table.insert(), keep)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "punchclock.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url, pool_size=5)
    if not database.is_sqlite:
        _truncate(database)
    yield database
    database.dispose()


@pytest.fixture
def pg_db(pg_database: str) -> Iterator[Database]:
    """PostgreSQL alone, for tests of what only PostgreSQL has (no skipped SQLite twin)."""
    database = Database(pg_database, pool_size=5)
    _truncate(database)
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=db_url,
        secret_key="test-secret-" + "x" * 32,
        access_log=False,
        # Tests change rows behind the API's back (expiry, disabling); the cache has its own tests.
        auth_cache_seconds=0,
    )


class Api:
    """A test client plus helpers to make users and credentials."""

    def __init__(self, client: TestClient, db: Database) -> None:
        self.client = client
        self.db = db
        self._n = 0

    def user(self, role: str = "member", name: str | None = None, password: str = "password123") -> Any:
        self._n += 1
        username = name or f"{role}{self._n}"
        return self.db.call(user_service.create, username, password, role)

    def token(self, user: Any, scopes: str | list[str] = "admin:all", **kw: Any) -> str:
        if scopes == "admin:all" and user.role != "admin":
            scopes = sorted(_role_scopes(user.role))
        _, raw = self.db.call(token_service.create, user, "test", scopes, "", kw.get("expires_in_days"))
        return raw

    def headers(self, user: Any, scopes: str | list[str] = "admin:all") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user, scopes)}"}

    def login(self, username: str, password: str = "password123") -> dict[str, str]:
        """A web session's headers; for an account with two-factor sign-in, through its code step."""
        body = {"username": username, "password": password}
        res = self.client.post("/api/v1/auth/session", json=body)
        if res.status_code == 401 and res.json()["code"] == "totp_required":
            user = self.db.call(user_service.require_by_username, username)
            res = self.client.post(
                "/api/v1/auth/session", json={**body, "totp_code": self.totp_code(user.id)}
            )
        assert res.status_code == 200, res.text
        return {"Authorization": f"Bearer {res.json()['token']}"}

    def enrol(self, user: Any) -> list[str]:
        """Turn two-factor sign-in on for ``user``, as the web app does; its recovery codes. As if
        set up a while ago: the code that confirmed it is not the last one used."""
        self.db.call(twofactor_service.begin, user.id)
        codes = self.db.call(twofactor_service.confirm, user.id, self.totp_code(user.id), "test")
        self.totp_code(user.id)
        return list(codes["recovery_codes"])

    def totp_code(self, user_id: int) -> str:
        """The current code of the user's secret (enrolled or being enrolled); "000000" without one.

        Notes: a code is good once per 30-second step, and tests sign in faster than that; so the
        step last used is forgotten first (the replay guard has its own tests in tests/twofactor).
        """

        def current(session: Any) -> str:
            row = session.get(UserTotp, user_id)
            if row is None:
                return "000000"
            row.last_step = None
            return totp.code_at(row.secret, totp.step_at(time.time()))

        return str(self.db.call(current))

    # Shorthands
    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.client.post(url, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self.client.put(url, **kw)

    def patch(self, url: str, **kw: Any) -> Any:
        return self.client.patch(url, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self.client.delete(url, **kw)


def _role_scopes(role: str) -> frozenset[str]:
    from punchclock.auth.scopes import ROLE_SCOPES

    return ROLE_SCOPES[role]


@pytest.fixture
def app(settings: Settings, db: Database) -> Any:
    return create_app(settings, database=db)


@pytest.fixture
def api(app: Any, db: Database) -> Iterator[Api]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, db)
