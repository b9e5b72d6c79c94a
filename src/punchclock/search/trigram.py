"""PostgreSQL's search: the newest window tested row by row, then the pg_trgm GIN indexes.

Notes:
The GIN indexes of migration 0014 answer ``ILIKE '%text%'`` but in no order, and every row they
name must be read (the trigrams only say "may contain"). So the newest WINDOW entries are walked
first (those starting from the window's edge on; the planner walks the (user_id, start_at) index
and stops at the page, or takes the indexes when the text is rare there too): a common text ends there. When
the window holds too few matches the text is rare in recent entries, and the older ones (start
before the window's edge) come from the indexes. ``OFFSET 0`` fences that query so the planner
costs it whole and takes the indexes' bitmaps, rather than walking the start_at index in the hope of
stopping early, which would read every older row for a rare text.

The window's length follows the text: the planner's estimate of how many entries in scope hold
it says how many of the newest entries would hold the page's matches if they were spread evenly;
the window is MARGIN times that (at least MIN_WINDOW, at most WINDOW entries). A common text is
found as before; a text absent from the newest entries but common among old ones (a client billed
years ago) no longer walks WINDOW entries in vain before the indexes take over. That case still
reads all its old rows from the indexes, restricted to the user's (their first column is the user,
migration 0016); bench/README.md gives the figures.
"""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy.orm import Session

from punchclock.search import sql
from punchclock.search.sql import (
    ORDER,
    Needle,
    Where,
    contains,
    named,
    run,
    scope,
    start_edge,
)

MARGIN = 4
MIN_WINDOW = 1_000


def newest(session: Session, where: Where, needle: Needle, limit: int) -> list[int]:
    """Up to ``limit`` ids of the newest matching entries, newest first."""
    params: dict[str, Any] = {}
    conditions = scope(where, params)
    tests = [contains(session, "notes", needle, params), contains(session, "tags", needle, params)]
    test = f"({' OR '.join(tests + named(needle, params))})"
    edge = start_edge(session, where, window(session, conditions, test, params, limit))
    recent = [*conditions, test] + (["start_at >= :edge"] if edge is not None else [])
    sql = f"SELECT id FROM time_entries WHERE {' AND '.join(recent)} {ORDER} LIMIT :limit"  # noqa: S608
    found = [i for (i,) in run(session, sql, {**params, "edge": edge, "limit": limit})]
    if edge is None or len(found) >= limit:
        return found
    older = " AND ".join([*conditions, test, "start_at < :edge"])
    sql = (
        f"SELECT id FROM (SELECT id, start_at FROM time_entries WHERE {older} OFFSET 0) m "  # noqa: S608
        f"{ORDER} LIMIT :limit"
    )
    return found + [i for (i,) in run(session, sql, {**params, "edge": edge, "limit": limit - len(found)})]


def window(session: Session, conditions: list[str], test: str, params: dict[str, Any], limit: int) -> int:
    """How many of the newest entries to walk for ``limit`` matches of ``test`` (see the notes)."""
    entries, matches = _estimates(session, [conditions, [*conditions, test]], params)
    return min(sql.WINDOW, max(MIN_WINDOW, MARGIN * limit * entries // max(matches, 1)))


def _estimates(session: Session, wheres: list[list[str]], params: dict[str, Any]) -> list[int]:
    """The planner's estimates of the entries meeting each list of conditions, from one plan (no
    rows are read: a fraction of a millisecond)."""
    parts = [f"SELECT 1 FROM time_entries WHERE {' AND '.join(where)}" for where in wheres]  # noqa: S608
    query = "EXPLAIN (FORMAT JSON) " + " UNION ALL ".join(parts)
    used = {k: v for k, v in params.items() if re.search(rf":{k}\b", query)}
    plan = run(session, query, used)[0][0]
    top = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return [int(part["Plan Rows"]) for part in top["Plans"]]


def older_candidates(
    session: Session, where: Where, needle: Needle, edge: int, params: dict[str, Any]
) -> str:
    """A subquery of (id, start_at, notes) of the user's entries starting before ``edge`` whose
    notes hold the needle (suggestions' second half), fenced as above."""
    conditions = [*scope(where, params), contains(session, "notes", needle, params), "start_at < :edge"]
    params["edge"] = edge
    return f"SELECT id, start_at, notes FROM time_entries WHERE {' AND '.join(conditions)} OFFSET 0"  # noqa: S608
