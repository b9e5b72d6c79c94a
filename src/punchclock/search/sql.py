"""The pieces every search query is made of: scope, text tests, the window, running SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from punchclock.models.base import FOLDED_NOTES

WINDOW = 20_000
MIN_INDEXED = 3  # characters: one trigram
KEY_SHIFT = 2**31  # an entry's (start_at, id) as one number: start_at * KEY_SHIFT + id
KEY_SQL = "start_at * 2147483648 + id"


@dataclass(frozen=True, slots=True)
class Where:
    """Which entries are searched (as GET /time-entries filters them); user_ids None: everyone's."""

    user_ids: tuple[int, ...] | None = None
    project_id: int | None = None
    task_id: int | None = None
    start: int | None = None  # starting at or after
    end: int | None = None  # starting before
    billable: bool | None = None
    include_active: bool = False


@dataclass(frozen=True, slots=True)
class Needle:
    """The text searched for, in the forms each test wants, and the projects and tasks it names."""

    text: str
    project_ids: tuple[int, ...] = ()
    task_ids: tuple[int, ...] = ()
    folded: str = ""  # PostgreSQL: the text lower-cased by the database (see ``_matches``)

    @property
    def ascii(self) -> bool:
        return self.text.isascii()

    def like(self, start: str = "%") -> str:
        escaped = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{start}{escaped}%"

    def glob(self, start: str = "*") -> str:
        return start + "".join(_glob_char(c) for c in self.text) + "*"


def _glob_char(c: str) -> str:
    if c in "*?[":
        return f"[{c}]"
    cases = sorted({c, *(v for v in (c.lower(), c.upper()) if len(v) == 1)})
    return c if len(cases) == 1 else f"[{''.join(cases)}]"


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def contains(session: Session, column: str, needle: Needle, params: dict[str, Any]) -> str:
    """A condition: ``column`` holds the needle, case-insensitively (see the notes)."""
    return _matches(session, column, needle, params, ("%", "*"))


def starts_word(session: Session, column: str, needle: Needle, params: dict[str, Any]) -> str:
    """A condition: ``column`` starts with the needle, or one of its words does."""
    return _matches(session, column, needle, params, ("", ""), ("% ", "* "))


def _matches(
    session: Session, column: str, needle: Needle, params: dict[str, Any], *starts: tuple[str, str]
) -> str:
    """``column`` matches the needle after any of ``starts`` ((LIKE, GLOB) pattern beginnings)."""
    tests = []
    for i, (like_start, glob_start) in enumerate(starts):
        name = f"pattern{i}"
        if column == "notes" and needle.folded and not is_sqlite(session):
            # PostgreSQL's ILIKE is LIKE on both sides lower-cased; the notes are lower-cased once,
            # when written (migration 0016), so only the needle is here.
            params[f"folded{i}"] = Needle(needle.folded).like(like_start)
            tests.append(f"{FOLDED_NOTES} LIKE :folded{i} ESCAPE '\\'")
        elif is_sqlite(session) and not needle.ascii:
            params[name] = needle.glob(glob_start)
            tests.append(f"{column} GLOB :{name}")
        else:
            params[name] = needle.like(like_start)
            op = "LIKE" if is_sqlite(session) else "ILIKE"
            tests.append(f"{column} {op} :{name} ESCAPE '\\'")
    return f"({' OR '.join(tests)})"


def scope(where: Where, params: dict[str, Any]) -> list[str]:
    """The conditions of ``where`` on time_entries, its values put in ``params``."""
    conditions = ["deleted_at IS NULL"]
    if where.user_ids is not None:
        conditions.append("user_id IN :user_ids")  # expanded by run()
        params["user_ids"] = list(where.user_ids)
    for name, clause in (
        ("project_id", "project_id = :project_id"),
        ("task_id", "task_id = :task_id"),
        ("start", "start_at >= :start_at_min"),
        ("end", "start_at < :start_at_max"),
        ("billable", "billable = :billable"),
    ):
        value = getattr(where, name)
        if value is not None:
            conditions.append(clause)
            params[clause.rsplit(":", 1)[1]] = value
    if not where.include_active:
        conditions.append("end_at IS NOT NULL")
    return conditions


ORDER = "ORDER BY start_at DESC, id DESC"


def start_edge(session: Session, where: Where, size: int | None = None) -> int | None:
    """The start of the ``size``-th (default WINDOW) newest live entry of the user within the dates
    (None: fewer). Only those narrow it, so finding it walks one index and reads no row."""
    params: dict[str, Any] = {"skip": (size or WINDOW) - 1}
    narrowed = scope(
        Where(user_ids=where.user_ids, start=where.start, end=where.end, include_active=True), params
    )
    sql = f"SELECT start_at FROM time_entries WHERE {' AND '.join(narrowed)} "  # noqa: S608
    found = run(session, sql + "ORDER BY start_at DESC LIMIT 1 OFFSET :skip", params)
    return found[0][0] if found else None


def folded(session: Session, text_: str) -> str:
    """``text_`` lower-cased as PostgreSQL lower-cases the notes (Python's lower() differs: a final
    sigma, a dotted capital I); SQLite's search needs none."""
    if is_sqlite(session):
        return ""
    return str(session.execute(text("SELECT lower(:t)"), {"t": text_}).scalar_one())


def run(session: Session, sql: str, params: dict[str, Any]) -> list[Any]:
    """Rows of ``sql``; list values (ids of projects, tasks, entries) are expanded into IN lists."""
    statement = text(sql)
    for name, value in params.items():
        if isinstance(value, list | tuple):
            statement = statement.bindparams(bindparam(name, expanding=True))
    return list(session.execute(statement, params).all())


def named(needle: Needle, params: dict[str, Any]) -> list[str]:
    """Conditions for the entries of the projects and tasks the text names."""
    found = []
    if needle.project_ids:
        params["named_projects"] = list(needle.project_ids)
        found.append("project_id IN :named_projects")
    if needle.task_ids:
        params["named_tasks"] = list(needle.task_ids)
        found.append("task_id IN :named_tasks")
    return found
