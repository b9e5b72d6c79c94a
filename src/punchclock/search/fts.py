"""SQLite's search: one full-text query on the FTS5 table of migration 0014, newest first.

Notes:
The table's rowid is an entry's (start_at, id) as one number (repository.KEY_SHIFT), so
``ORDER BY rowid DESC`` is newest first straight from the index and a LIMIT stops the walk: a
common text costs its page, a rare one its (short) posting lists. The ``refs`` column holds the
entry's user, project and task (ref()), so the user, a project or task filter and the projects and
tasks whose names match are terms of the same query, each a single trigram; dates are a rowid
range. Only billable and "finished only" need the entries themselves, checked a batch at a time.

Every text is one FTS5 phrase in double quotes (a quote doubled inside): FTS5 syntax in it (NEAR,
AND, *, ^, column filters) is just text, and a phrase of trigrams matches exactly the substring.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.models.base import SEARCH_INDEX_TABLE as FTS
from punchclock.search.sql import KEY_SHIFT, Needle, Where, run

_BATCH = 200
_MAX_KEY = 2**63 - 1


USER, PROJECT, TASK = 0, 1, 2


def ref(kind: int, value: int) -> str:
    """A user, project or task as the refs column holds it: one trigram of the Private Use Area
    (the triggers of migration 0014 write the same)."""
    code = kind * KEY_SHIFT + value
    return "".join(chr(0xE000 + (code // 6400**i) % 6400) for i in (2, 1, 0))


def phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match(where: Where | None, needle: Needle | None, columns: str = "{notes tags}") -> str:
    """The FTS5 query: the scope's refs, and the needle in ``columns`` or in the named refs."""
    terms = []
    if where is not None:
        if where.user_ids is not None:  # a team lead's several users: any of them
            users = [f"refs : {phrase(ref(USER, user_id))}" for user_id in where.user_ids]
            terms.append(users[0] if len(users) == 1 else f"({' OR '.join(users)})")
        refs = ((PROJECT, where.project_id), (TASK, where.task_id))
        terms += [f"refs : {phrase(ref(kind, value))}" for kind, value in refs if value is not None]
    if needle is not None:
        either = [f"{columns} : {phrase(needle.text)}"]
        either += [f"refs : {phrase(ref(PROJECT, p))}" for p in needle.project_ids]
        either += [f"refs : {phrase(ref(TASK, t))}" for t in needle.task_ids]
        terms.append(f"({' OR '.join(either)})")
    return " AND ".join(terms)


def key_range(where: Where) -> tuple[int, int]:
    """The rowids of entries starting within the scope's dates: [low, high)."""
    low = where.start * KEY_SHIFT if where.start is not None else 0
    high = where.end * KEY_SHIFT if where.end is not None else _MAX_KEY
    return low, high


def newest(session: Session, where: Where, needle: Needle, limit: int) -> list[int]:
    """Up to ``limit`` ids of the newest matching entries, newest first."""
    low, high = key_range(where)
    params: dict[str, Any] = {"m": match(where, needle), "low": low}
    checks = []
    if where.billable is not None:
        checks.append("billable = :billable")
        params["billable"] = where.billable
    if not where.include_active:
        checks.append("end_at IS NOT NULL")
    found: list[int] = []
    while len(found) < limit:
        batch = max(_BATCH, 2 * (limit - len(found))) if checks else limit - len(found)
        sql = (
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH :m AND rowid >= :low AND rowid < :high "  # noqa: S608
            "ORDER BY rowid DESC LIMIT :n"
        )
        keys = [k for (k,) in run(session, sql, {**params, "high": high, "n": batch})]
        ids = [k % KEY_SHIFT for k in keys]
        if checks and ids:
            sql = f"SELECT id FROM time_entries WHERE id IN :ids AND {' AND '.join(checks)}"  # noqa: S608
            kept = {i for (i,) in run(session, sql, {**params, "ids": ids})}
            ids = [i for i in ids if i in kept]
        found += ids[: limit - len(found)]
        if len(keys) < batch:
            break
        high = keys[-1]
    return found


def older_candidates(where: Where, needle: Needle, edge: int, params: dict[str, Any]) -> str:
    """A subquery of (id, start_at, notes) of the user's entries starting before ``edge`` whose
    notes hold the needle (suggestions' second half)."""
    params["m"], params["edge_key"] = match(where, needle, "notes"), edge * KEY_SHIFT
    keys = f"SELECT rowid % {KEY_SHIFT} FROM {FTS} WHERE {FTS} MATCH :m AND rowid < :edge_key"  # noqa: S608
    return f"SELECT id, start_at, notes FROM time_entries WHERE id IN ({keys})"  # noqa: S608
