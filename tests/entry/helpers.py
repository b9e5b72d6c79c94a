"""Builders for the time-entry, timer and report tests: projects, tasks, entries, row counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import text

from punchclock.db import Database

ENTRIES = "/api/v1/time-entries"
ENTRY_FIELDS = {
    "id",
    "user_id",
    "user",
    "project_id",
    "project",
    "task_id",
    "task",
    "start_time",
    "end_time",
    "duration_seconds",
    "duration_hours",
    "duration_formatted",
    "break_seconds",
    "paused_at",
    "notes",
    "tags",
    "tag_list",
    "source",
    "billable",
    "is_active",
    "created_at",
    "updated_at",
}


def project(api: Any, h: dict[str, str], name: str = "Website", **fields: Any) -> int:
    res = api.post("/api/v1/projects", json={"name": name, **fields}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["project"]["id"]


def task(api: Any, h: dict[str, str], project_id: int, name: str = "Design") -> int:
    res = api.post("/api/v1/tasks", json={"name": name, "project_id": project_id}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["task"]["id"]


def entry(api: Any, h: dict[str, str], start: str, end: str | None = None, **fields: Any) -> dict[str, Any]:
    body = {"start_time": start, **fields}
    if end is not None:
        body["end_time"] = end
    res = api.post(ENTRIES, json=body, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["time_entry"]


def set_timezone(api: Any, user: Any, zone: str) -> None:
    """Set ``user``'s time zone the way a person does: signed in on the web (API tokens may not)."""
    res = api.patch("/api/v1/users/me", json={"timezone": zone}, headers=api.login(user.username))
    assert res.status_code == 200, res.text


def count(db: Database, where: str = "1=1", **params: Any) -> int:
    """Live entries matching ``where``: a deleted entry stays as a tombstone for the sync API."""
    query = f"SELECT COUNT(*) FROM time_entries WHERE deleted_at IS NULL AND ({where})"
    with db.engine.connect() as conn:
        return conn.execute(text(query), params).scalar_one()


def running(db: Database, user_id: int) -> int:
    return count(db, "user_id = :u AND end_at IS NULL", u=user_id)


def ago(**delta: float) -> str:
    """An ISO 8601 UTC instant ``delta`` before now, e.g. ``ago(hours=2)``."""
    return (datetime.now(UTC) - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def shift(instant: str, **delta: float) -> str:
    """``instant`` (ISO 8601, UTC 'Z') moved by ``delta``."""
    moved = datetime.fromisoformat(instant) + timedelta(**delta)
    return moved.strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_by_hand(db: Database, user_id: int, notes: str, tags: str = "") -> int:
    """An entry written with SQL, past every service (what the database's own triggers must follow)."""
    with db.engine.begin() as conn:
        return int(
            conn.execute(
                text(
                    "INSERT INTO time_entries (user_id, start_at, end_at, notes, tags, billable, source, "
                    "sync_key, mt, st, created_at, updated_at, break_seconds) VALUES (:u, 1700000000, "
                    "1700003600, :notes, :tags, false, 'api', 'hand', 0, 0, 0, 0, 0) RETURNING id"
                ),
                {"u": user_id, "notes": notes, "tags": tags},
            ).scalar_one()
        )


def member_and_admin(api: Any) -> SimpleNamespace:
    """A member (mia) and an admin with their headers, and a project "Website"."""
    member, admin = api.user("member", "mia"), api.user("admin")
    ah = api.headers(admin)
    return SimpleNamespace(member=member, mh=api.headers(member), ah=ah, site=project(api, ah, "Website"))
