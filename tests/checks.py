"""Assertions shared by the endpoint tests: the error shape, and "a refused request changed nothing"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from punchclock.db import Database

# The tables a refused write to a project, client, task, time entry or team could touch.
DATA_TABLES = ("clients", "projects", "tasks", "time_entries", "webhooks", "teams", "team_members")


def snapshot(db: Database, tables: tuple[str, ...] = DATA_TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of ``tables``, read straight from the database."""
    with db.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2"))] for t in tables}


def assert_error(res: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is ``status`` with seed 003's error body plus a machine-readable code."""
    assert res.status_code == status, res.text
    body = res.json()
    for key in ("error", "message", "code"):
        assert isinstance(body.get(key), str), f"missing {key!r} in {body}"
        assert body[key], f"empty {key!r} in {body}"
    if code is not None:
        assert body["code"] == code, body
    return body
