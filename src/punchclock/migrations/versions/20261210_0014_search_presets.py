"""search indexes over time entries; presets (favourite entries)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10 09:00:00.000000

Notes:
Search finds a substring of an entry's notes or tags among a user's entries, newest first
(punchclock.search). PostgreSQL answers ``ILIKE '%text%'`` from pg_trgm GIN indexes on both columns
(pg_trgm is a trusted extension from PostgreSQL 13: the database's owner may create it); they follow
every write by themselves. SQLite gets a contentless FTS5 table with the trigram tokenizer (SQLite
3.34+), one row per live entry, kept by triggers on time_entries, so every write path (REST, sync,
imports, the CLI, SQL by hand) keeps it right. Its rowid is the entry's (start_at, id) as one number,
start_at * 2^31 + id (times are kept within 1970-2100 < 2^32, ids below 2^31; the clamp only guards
rows written by hand), so FTS5 hands matches back newest first and a search stops at its page. Its
``refs`` column holds the entry's user, project and task, each as one trigram of its own: a
member's search, or the entries of a project whose name matches, is one more term of the same
full-text query, and a single-trigram term costs next to nothing to intersect.

A later migration that recreates time_entries on SQLite (Alembic's batch mode copies the table)
drops these triggers with it and must create them again: tests/search/test_index_sync.py checks
that they exist at head.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

FTS = "time_entry_search"
_LIVE = sa.text("deleted_at IS NULL")
_TRIGGERS = ("time_entries_search_insert", "time_entries_search_update", "time_entries_search_delete")
# A reference (0 user, 1 project, 2 task; and its id) as one trigram: three characters of the
# Private Use Area, base 6400, which no text typed holds (see punchclock.search.fts.ref).
_REF = (
    "char(57344 + (({k} * 2147483648 + {c}) / 40960000) % 6400, "
    "57344 + (({k} * 2147483648 + {c}) / 6400) % 6400, 57344 + ({k} * 2147483648 + {c}) % 6400)"
)
# An entry's row in the index; {r} is NEW, OLD or the table.
_ROW = (
    "MAX(0, MIN({r}.start_at, 4294967295)) * 2147483648 + {r}.id, "
    + _REF.format(k=0, c="{r}.user_id")
    + " || CASE WHEN {r}.project_id IS NULL THEN '' ELSE ' ' || "
    + _REF.format(k=1, c="{r}.project_id")
    + " END || CASE WHEN {r}.task_id IS NULL THEN '' ELSE ' ' || "
    + _REF.format(k=2, c="{r}.task_id")
    + " END, {r}.notes, {r}.tags"
)
_INDEXED = ("notes", "tags", "deleted_at", "user_id", "project_id", "task_id", "start_at")


def _sqlite_search() -> None:
    op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(refs, notes, tags, content='', tokenize='trigram')")
    new, old = _ROW.format(r="NEW"), _ROW.format(r="OLD")
    keep = f"INSERT INTO {FTS} (rowid, refs, notes, tags)"
    # A contentless index forgets a row only when told the values it indexed, which OLD holds.
    forget = f"INSERT INTO {FTS} ({FTS}, rowid, refs, notes, tags)"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _INDEXED)
    op.execute(
        f"CREATE TRIGGER time_entries_search_insert AFTER INSERT ON time_entries "  # noqa: S608
        f"WHEN NEW.deleted_at IS NULL BEGIN {keep} VALUES ({new}); END"
    )
    op.execute(
        f"CREATE TRIGGER time_entries_search_update AFTER UPDATE OF {', '.join(_INDEXED)} ON time_entries "
        f"WHEN {changed} BEGIN "
        f"{forget} SELECT 'delete', {old} WHERE OLD.deleted_at IS NULL; "
        f"{keep} SELECT {new} WHERE NEW.deleted_at IS NULL; END"
    )
    op.execute(
        f"CREATE TRIGGER time_entries_search_delete AFTER DELETE ON time_entries "
        f"WHEN OLD.deleted_at IS NULL BEGIN {forget} VALUES ('delete', {old}); END"
    )
    rows = _ROW.format(r="time_entries")
    op.execute(f"{keep} SELECT {rows} FROM time_entries WHERE deleted_at IS NULL")  # noqa: S608


def _postgres_search() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("notes", "tags"):
        op.create_index(
            f"ix_time_entries_{column}_trgm",
            "time_entries",
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
            postgresql_where=_LIVE,
        )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_search()
    else:
        _postgres_search()
    op.create_table(
        "presets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("tags", sa.String(length=1000), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_presets_project_id_projects"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_presets_task_id_tasks"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_presets_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presets")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_presets_user_id")),
    )
    op.create_index(op.f("ix_presets_project_id"), "presets", ["project_id"], unique=False)
    op.create_index(op.f("ix_presets_task_id"), "presets", ["task_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_presets_task_id"), table_name="presets")
    op.drop_index(op.f("ix_presets_project_id"), table_name="presets")
    op.drop_table("presets")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    else:
        # The extension stays: other objects may have come to use it.
        for column in ("notes", "tags"):
            op.drop_index(f"ix_time_entries_{column}_trgm", table_name="time_entries")
