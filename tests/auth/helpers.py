"""Helpers for the auth, token and user tests: peeks into the database and response bodies."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text

from punchclock.app import create_app
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.user import service as user_service


def rows(db: Database, sql: str, **params: Any) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


def scalar(db: Database, sql: str, **params: Any) -> Any:
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def execute(db: Database, sql: str, **params: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def count(db: Database, table: str) -> int:
    return scalar(db, f"SELECT COUNT(*) FROM {table}")


def snapshot(db: Database, table: str) -> list[dict[str, Any]]:
    """Every row of a table, in id order: compare before and after a refused write."""
    return rows(db, f"SELECT * FROM {table} ORDER BY id")


def body(res: Any) -> dict[str, Any]:
    """The JSON body without its per-request id, for comparing two answers."""
    data = dict(res.json())
    data.pop("request_id", None)
    return data


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def web_token(api: Any, username: str, password: str = "password123") -> str:
    return api.login(username, password)["Authorization"].removeprefix("Bearer ")


def build_app(settings: Settings, db: Database, **overrides: Any) -> Any:
    """An app like the ``app`` fixture's, with some settings changed."""
    return create_app(settings.model_copy(update=overrides), database=db)


def client_at(app: Any, address: str) -> TestClient:
    """A client whose requests come from ``address``.

    Not entered as a context manager: leaving it would run the app's shutdown, which empties the
    in-process counters that several clients of one app share.
    """
    return TestClient(app, raise_server_exceptions=False, client=(address, 50000))


def disable_user(db: Database, user_id: int) -> None:
    db.call(lambda s: user_service.disable(s, user_service.get(s, user_id)))
