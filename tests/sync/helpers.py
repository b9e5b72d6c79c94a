"""Helpers for the sync API tests: a TimeTagger-style client over the test app, and record builders."""

from __future__ import annotations

import base64
import time
from typing import Any

import orjson
from sqlalchemy import text

from punchclock.db import Database

ROOT = "/timetagger/api/v2"
T0 = 1_700_000_000  # 2023-11-14, a fixed past instant


def record(
    key: str, t1: int = T0, t2: int | None = None, ds: str = "", mt: float | None = None
) -> dict[str, Any]:
    return {
        "key": key,
        "t1": t1,
        "t2": t1 + 3600 if t2 is None else t2,
        "ds": ds,
        "mt": mt or time.time(),
        "st": 0,
    }


def bootstrap_body(method: str = "usernamepassword", **fields: Any) -> bytes:
    return base64.b64encode(orjson.dumps({"method": method, **fields}))


class Tt:
    """One TimeTagger client: its token in the ``authtoken`` header."""

    def __init__(self, api: Any, token: str) -> None:
        self.api = api
        self.token = token

    @property
    def h(self) -> dict[str, str]:
        return {"authtoken": self.token}

    def get(self, path: str, **kw: Any) -> Any:
        return self.api.get(f"{ROOT}/{path}", headers=self.h, **kw)

    def put(self, path: str, body: Any, **kw: Any) -> Any:
        return self.api.put(f"{ROOT}/{path}", headers=self.h, content=orjson.dumps(body), **kw)

    def push(self, *records: dict[str, Any]) -> dict[str, Any]:
        res = self.put("records", list(records))
        assert res.status_code == 200, res.text
        return res.json()

    def records(self, timerange: str = "0-4102444799", **params: Any) -> list[dict[str, Any]]:
        res = self.get("records", params={"timerange": timerange, **params})
        assert res.status_code == 200, res.text
        return res.json()["records"]

    def by_key(self) -> dict[str, dict[str, Any]]:
        return {r["key"]: r for r in self.records()}

    def updates(self, since: float = 0) -> dict[str, Any]:
        res = self.get("updates", params={"since": repr(since)})
        assert res.status_code == 200, res.text
        return res.json()


def login(api: Any, username: str, password: str = "password123") -> Tt:
    res = api.post(
        f"{ROOT}/bootstrap_authentication", content=bootstrap_body(username=username, password=password)
    )
    assert res.status_code == 200, res.text
    return Tt(api, res.json()["token"])


def tt_user(api: Any, role: str = "member", name: str | None = None) -> tuple[Any, Tt]:
    """A new account and a TimeTagger client signed in as it."""
    user = api.user(role, name)
    return user, login(api, user.username)


def entries(db: Database, user_id: int) -> list[dict[str, Any]]:
    """Every row of the user's time entries, tombstones included, straight from the database."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM time_entries WHERE user_id = :u ORDER BY id"), {"u": user_id})
        return [dict(r._mapping) for r in rows]
