"""Queries of entry history: snapshots copied from time_entries in the writing transaction, and reads."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BigInteger, Integer, Row, String, Table, bindparam, insert, select
from sqlalchemy.orm import Session, aliased

from punchclock.models import EntryVersion, Project, Task, TimeEntry, User

_ENTRIES = cast(Table, TimeEntry.__table__)
_COPIED = (
    "start_at",
    "end_at",
    "paused_at",
    "break_seconds",
    "project_id",
    "task_id",
    "notes",
    "tags",
    "billable",
    "deleted_at",
)


@functools.cache
def _snapshot(by: str) -> Any:
    # Built once (every write records a version): building the statement costs more than running it.
    c = _ENTRIES.c
    where: Any
    if by == "keys":
        where = (c.user_id == bindparam("uid")) & c.sync_key.in_(bindparam("keys", expanding=True))
    elif by == "ids":
        where = c.id.in_(bindparam("ids", expanding=True))
    else:  # one entry, the usual case: no list to expand into the SQL on every call
        where = c.id == bindparam("id")
    chosen = select(
        c.id,
        c.user_id,
        bindparam("at", type_=BigInteger),
        c.st,
        bindparam("actor_id", type_=Integer),
        bindparam("via", type_=String),
        bindparam("action", type_=String),
        *(c[name] for name in _COPIED),
    ).where(where)
    target = ("entry_id", "user_id", "at", "st", "actor_id", "via", "action", *_COPIED)
    return insert(EntryVersion).from_select(target, chosen)


def snapshot_ids(session: Session, ids: Sequence[int], values: dict[str, Any]) -> None:
    """A version of each entry as this transaction now holds it (one INSERT ... SELECT)."""
    if len(ids) == 1:
        session.connection().execute(_snapshot("id"), {**values, "id": ids[0]})
    elif ids:
        session.connection().execute(_snapshot("ids"), {**values, "ids": list(ids)})


def snapshot_keys(session: Session, user_id: int, keys: Sequence[str], values: dict[str, Any]) -> None:
    for start in range(0, len(keys), 500):
        params = {**values, "uid": user_id, "keys": list(keys[start : start + 500])}
        session.connection().execute(_snapshot("keys"), params)


def owner_of(session: Session, entry_id: int) -> int | None:
    """The owner of an entry, deleted ones too."""
    return session.scalar(select(TimeEntry.user_id).where(TimeEntry.id == entry_id))


@functools.cache
def _versions() -> Any:
    v = EntryVersion
    actor = aliased(User)
    return (
        select(v, actor.username.label("actor_name"), Project.name.label("project"), Task.name.label("task"))
        .outerjoin(actor, actor.id == v.actor_id)
        .outerjoin(Project, Project.id == v.project_id)
        .outerjoin(Task, Task.id == v.task_id)
        .where(v.entry_id == bindparam("eid"))
        .order_by(v.id.desc())
        .limit(bindparam("n"))
    )


def versions(session: Session, entry_id: int, limit: int) -> list[Row]:
    """The entry's versions, newest first, with the actor's, project's and task's names."""
    return list(session.execute(_versions(), {"eid": entry_id, "n": limit}))


def version(session: Session, version_id: int) -> EntryVersion | None:
    return session.get(EntryVersion, version_id)
