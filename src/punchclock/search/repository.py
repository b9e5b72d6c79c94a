"""Search queries: a user's newest entries whose notes, tags, project or task hold a text, and the
distinct descriptions they typed before.

Notes:
A substring cannot be looked up in an ordinary index, and "newest first" wants one. Each database
has a trigram index (migration 0014) and uses it its own way:
- SQLite's FTS5 table is keyed by (start_at, id), so it hands matches back newest first and a
  search stops at its page, whatever the text (punchclock.search.fts).
- PostgreSQL's pg_trgm GIN indexes find a rare text at once but return a common one's rows in no
  order, all of which must be read to sort them. There the newest entries are tested one by one
  first (at most WINDOW, fewer for a text the planner expects to be common), a bounded cost that
  finds a common text; the indexes then find the rest among the older ones
  (punchclock.search.trigram).
Suggestions use the window on both: most of what one types again is recent. Text shorter than
MIN_INDEXED characters has no trigram: search refuses it, suggestions match it as a word's start
within the window.

Case: SQLite's LIKE folds ASCII letters only, FTS5's trigram tokenizer all of Unicode. A test for
non-ASCII text is therefore a GLOB whose character classes hold each letter's cases
(``*[Üü][Bb][Ee][Rr]*``), so a row matches alike in the window and in the index. PostgreSQL's
ILIKE and pg_trgm both fold by the database's ctype.

Suggestions: what one types again is mostly recent, so the newest WINDOW entries are grouped by description
first (an index range, then a GROUP BY over at most that many rows). Only when they hold too few
matches does a text of three or more characters look further back, through the trigram index of
each database, grouping only the older entries that hold it. Shorter text matches the start of a
description or of one of its words, within the window only (it has no trigram to look up).
Each group is named by its newest entry's (start_at, id) key, so "most recent first" and "which
entry's project, task and tags" are one MAX.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from punchclock.models import Project, Task
from punchclock.search import fts, trigram
from punchclock.search.sql import (
    KEY_SHIFT,
    KEY_SQL,
    MIN_INDEXED,
    Needle,
    Where,
    contains,
    folded,
    is_sqlite,
    run,
    scope,
    start_edge,
    starts_word,
)


def names_matching(session: Session, needle: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The projects and tasks whose names hold ``needle`` (few rows: tested here, alike on both
    databases)."""
    folded = needle.lower()
    projects = session.execute(select(Project.id, Project.name)).all()
    tasks = session.execute(select(Task.id, Task.name)).all()
    return (
        tuple(i for i, name in projects if folded in name.lower()),
        tuple(i for i, name in tasks if folded in name.lower()),
    )


def needle_for(session: Session, typed: str) -> Needle:
    """The text searched for, with the projects and tasks whose names hold it."""
    projects, tasks = names_matching(session, typed)
    return Needle(typed, projects, tasks, folded(session, typed))


def newest_matching(session: Session, where: Where, needle: Needle, limit: int) -> list[int]:
    """Up to ``limit`` ids of the newest entries in scope whose notes, tags, project or task name
    hold the needle, newest first."""
    return (fts.newest if is_sqlite(session) else trigram.newest)(session, where, needle, limit)


# Suggestions walk fewer entries than search: what one types again is recent, and older matches
# of three or more characters still come from the index.
SUGGEST_WINDOW = 5_000
RECENT_WINDOW = 2_000  # with nothing typed: the latest descriptions


def _grouped(session: Session, rows: str, params: dict[str, Any], limit: int) -> list[tuple[int, str]]:
    """The newest key and the notes of each description among ``rows`` (id, start_at, notes)."""
    sql = f"SELECT MAX({KEY_SQL}) AS k, notes FROM ({rows}) r GROUP BY notes ORDER BY k DESC LIMIT :limit"  # noqa: S608
    return [(k, notes) for k, notes in run(session, sql, {**params, "limit": limit})]


def latest_by_description(session: Session, user_id: int, typed: str, limit: int) -> list[int]:
    """Ids of the newest entry of each of up to ``limit`` distinct, non-empty descriptions of the
    user that hold ``typed`` (any, if empty), most recent first."""
    where = Where(user_ids=(user_id,), include_active=True)
    edge = start_edge(session, where, SUGGEST_WINDOW if typed else RECENT_WINDOW)
    params: dict[str, Any] = {}
    conditions = [*scope(where, params), "notes <> ''"]
    needle = Needle(typed, folded=folded(session, typed))
    indexed = len(typed) >= MIN_INDEXED
    if typed:
        # On PostgreSQL, "notes || ''" is not what the trigram indexes hold: the window is walked,
        # never swapped for an index scan (which, for one or two letters, reads the whole index).
        column = "notes" if is_sqlite(session) else "(notes || '')"
        conditions.append((contains if indexed else starts_word)(session, column, needle, params))
    recent = [*conditions, "start_at >= :edge"] if edge is not None else conditions
    rows = f"SELECT id, start_at, notes FROM time_entries WHERE {' AND '.join(recent)}"  # noqa: S608
    found = _grouped(session, rows, {**params, "edge": edge}, limit)
    if not indexed or edge is None or len(found) >= limit:
        return [k % KEY_SHIFT for k, _ in found]
    older: dict[str, Any] = {}
    if is_sqlite(session):
        candidates = fts.older_candidates(where, needle, edge, older)
    else:
        candidates = trigram.older_candidates(session, where, needle, edge, older)
    seen = {notes for _, notes in found}
    more = _grouped(session, candidates, older, limit + len(found))
    found += [(k, notes) for k, notes in more if notes not in seen][: limit - len(found)]
    return [k % KEY_SHIFT for k, _ in found]
