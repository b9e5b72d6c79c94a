"""Declarative base with a constraint naming convention (Alembic's batch mode on SQLite needs names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# SQLite's search index: an FTS5 table (and the shadow tables FTS5 keeps for it), made and kept
# by migration 0014's triggers, not a model (punchclock.search).
SEARCH_INDEX_TABLE = "time_entry_search"


# PostgreSQL's search column: the notes lower-cased by the database, a stored generated column
# with its trigram index, made by migration 0016 and read by punchclock.search only; not a model
# column (SQLite has its FTS5 table instead).
FOLDED_NOTES = "notes_folded"
FOLDED_NOTES_INDEX = "ix_time_entries_notes_folded_trgm"


def modelled(table: str) -> bool:
    """Whether a table in a database is one of the models' (not the search index's)."""
    return not table.startswith(SEARCH_INDEX_TABLE)


def built_on(dialect: str) -> Callable[..., bool]:
    """Alembic's include_object for a database of ``dialect``: an index the model builds on
    another database only (``Index.ddl_if``) is not expected there, nor the search index's tables
    or PostgreSQL's search column."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table" and reflected and name is not None and not modelled(name):
            return False
        if reflected and (type_, name) in (("column", FOLDED_NOTES), ("index", FOLDED_NOTES_INDEX)):
            return False
        condition = getattr(obj, "_ddl_if", None) if type_ == "index" and not reflected else None
        return condition is None or condition.dialect in (None, dialect)

    return include
