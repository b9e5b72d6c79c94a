"""entry_tags for report tag filters, kept by triggers; PostgreSQL's search reads notes lower-cased

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-12 09:00:00.000000

Notes:
A report filtered by a tag matched the comma-joined tags column with LIKE in every entry of its
range: a team's year by one tag read a million entries (0.6 s on SQLite, 0.7 s on PostgreSQL with
its entry list). entry_tags holds, for each tag of each live entry, the tag lower-cased by the
database's LOWER() (the comparison the LIKE made, so matching stays what it was) and the columns a
report reads; its index by (tag, user, start) makes such a report an index range per person
(punchclock.report.tag_repository).

Triggers keep it, not Python: every path that writes an entry (REST, the timer, sync, imports, the
timesheet, a restore, SQL by hand, the bench's bulk loads) passes through them, whichever columns
it changes (a timer's stop changes end_at only). Rows are replaced when a copied column, the tags or
deleted_at change; a tombstone has none. SQLite splits the tags with json_each over the JSON-quoted
text (a trigger may not hold a recursive CTE); PostgreSQL with string_to_array, in a plpgsql
function, and drops rows through the foreign key. Tags are cut to 200 characters (TAG_KEY): every
path stores tags of at most 50, and a PostgreSQL btree row must stay under 2,704 bytes.

PostgreSQL's search (punchclock.search.trigram) tested ``notes ILIKE '%text%'`` on every row its
trigram index named, and ILIKE lower-cases the row's notes each time: for a text found in 64,000
old entries that was most of a 95 ms search. ``notes_folded`` is the notes lower-cased once, when
written (a stored generated column); ``notes_folded LIKE lower('%text%')`` is what ILIKE computes
(PostgreSQL's ILIKE on UTF-8 is LIKE on both sides lower-cased), at a seventh of the cost. Its
trigram index replaces the one on notes. The column is not a model column (see
punchclock.models.base): only search reads it. Adding it rewrites time_entries (20 s a million).

Everything here is written out, not imported: the triggers must stay what this revision made even
when the models change. The triggers are made before the backfill, so on PostgreSQL their lock
holds writers off until the rows are in (a migration runs in one transaction). The backfill goes a
batch of ids at a time, and the report index is built after it (faster than growing it row by row).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLE = "entry_tags"
KEY = "pk_entry_tags"
TAG_KEY = 200
BATCH = 100_000  # ids per backfill statement
COPIED = ("user_id", "project_id", "task_id", "start_at", "end_at", "paused_at", "break_seconds", "billable")
WATCHED = ("tags", "deleted_at", *COPIED)
PAYLOAD = ("project_id", "task_id", "end_at", "paused_at", "break_seconds", "billable")
SQLITE_TRIGGERS = ("entry_tags_insert", "entry_tags_retag", "entry_tags_update", "entry_tags_delete")
PG_TRIGGERS = ("entry_tags_insert", "entry_tags_update")
FUNCTION = "entry_tags_keep"
_COLUMNS = ", ".join(("entry_id", "tag", *COPIED))


def _rows(dialect: str, r: str, table: str = "") -> str:
    """SELECT of the entry_tags rows of entry ``r``: NEW, or the alias of ``table`` ("time_entries e, ")."""
    copied = ", ".join(f"{r}.{c}" for c in COPIED)
    if dialect == "sqlite":
        # json_quote escapes every character JSON cannot hold as is; a comma is never part of an
        # escape, so cutting the quoted text at commas leaves valid JSON strings.
        split = f"json_each('[' || replace(json_quote({r}.tags), ',', '\",\"') || ']') AS t"
        tag = f"substr(lower(t.value), 1, {TAG_KEY})"
        return f"SELECT DISTINCT {r}.id, {tag}, {copied} FROM {table}{split} WHERE t.value <> ''"  # noqa: S608
    split = f"unnest(string_to_array({r}.tags, ',')) AS t(value)"
    tag = f"left(lower(t.value), {TAG_KEY})"
    return f"SELECT DISTINCT {r}.id, {tag}, {copied} FROM {table}{split} WHERE t.value <> ''"  # noqa: S608


def _changed(columns: tuple[str, ...], op_: str) -> str:
    return " OR ".join(f"OLD.{c} {op_} NEW.{c}" for c in columns)


# A change of the tags or of deleted_at replaces the entry's rows; a change of a copied column
# alone (a timer's stop, a move) updates them in place, which costs half as much.
_RETAGGED = ("tags", "deleted_at")
_COPY = ", ".join(f"{c} = NEW.{c}" for c in COPIED)


def _sqlite_triggers() -> None:
    keep = f"INSERT INTO {TABLE} ({_COLUMNS}) {_rows('sqlite', 'NEW')} AND NEW.deleted_at IS NULL"
    op.execute(
        f"CREATE TRIGGER entry_tags_insert AFTER INSERT ON time_entries "
        f"WHEN NEW.deleted_at IS NULL AND NEW.tags <> '' BEGIN {keep}; END"
    )
    op.execute(
        f"CREATE TRIGGER entry_tags_retag AFTER UPDATE OF {', '.join(_RETAGGED)} ON time_entries "  # noqa: S608
        f"WHEN (OLD.tags <> '' OR NEW.tags <> '') AND ({_changed(_RETAGGED, 'IS NOT')}) BEGIN "
        f"DELETE FROM {TABLE} WHERE entry_id = OLD.id; {keep}; END"
    )
    op.execute(
        f"CREATE TRIGGER entry_tags_update AFTER UPDATE OF {', '.join(COPIED)} ON time_entries "  # noqa: S608
        f"WHEN NEW.tags <> '' AND NEW.deleted_at IS NULL AND NOT ({_changed(_RETAGGED, 'IS NOT')}) "
        f"AND ({_changed(COPIED, 'IS NOT')}) BEGIN UPDATE {TABLE} SET {_COPY} WHERE entry_id = NEW.id; END"
    )
    # The foreign key cascades too, but only where foreign keys are on (not in sqlite3 by hand).
    op.execute(
        f"CREATE TRIGGER entry_tags_delete AFTER DELETE ON time_entries "  # noqa: S608
        f"BEGIN DELETE FROM {TABLE} WHERE entry_id = OLD.id; END"
    )


def _postgres_triggers() -> None:
    op.execute(
        f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "  # noqa: S608
        f"IF TG_OP = 'UPDATE' AND NOT ({_changed(_RETAGGED, 'IS DISTINCT FROM')}) THEN "
        f"UPDATE {TABLE} SET {_COPY} WHERE entry_id = NEW.id; RETURN NULL; END IF; "
        f"IF TG_OP = 'UPDATE' THEN DELETE FROM {TABLE} WHERE entry_id = OLD.id; END IF; "
        f"IF NEW.deleted_at IS NULL AND NEW.tags <> '' THEN "
        f"INSERT INTO {TABLE} ({_COLUMNS}) {_rows('postgresql', 'NEW')}; END IF; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER entry_tags_insert AFTER INSERT ON time_entries FOR EACH ROW "
        f"WHEN (NEW.deleted_at IS NULL AND NEW.tags <> '') EXECUTE FUNCTION {FUNCTION}()"
    )
    op.execute(
        f"CREATE TRIGGER entry_tags_update AFTER UPDATE OF {', '.join(WATCHED)} ON time_entries FOR EACH ROW "
        f"WHEN ((OLD.tags <> '' OR NEW.tags <> '') AND ({_changed(WATCHED, 'IS DISTINCT FROM')})) "
        f"EXECUTE FUNCTION {FUNCTION}()"
    )


FOLDED = "notes_folded"
FOLDED_INDEX = "ix_time_entries_notes_folded_trgm"
NOTES_INDEX = "ix_time_entries_notes_trgm"
_LIVE = sa.text("deleted_at IS NULL")


def _postgres_folded_notes() -> None:
    op.execute(f"ALTER TABLE time_entries ADD COLUMN {FOLDED} text GENERATED ALWAYS AS (lower(notes)) STORED")
    op.create_index(
        FOLDED_INDEX, "time_entries", [FOLDED], postgresql_using="gin",
        postgresql_ops={FOLDED: "gin_trgm_ops"}, postgresql_where=_LIVE,
    )  # fmt: skip
    op.drop_index(NOTES_INDEX, table_name="time_entries")


def backfill(conn: sa.Connection, batch: int = BATCH) -> None:
    """The rows of every live entry, a batch of ids at a time."""
    dialect = conn.dialect.name
    rows = _rows(dialect, "e", "time_entries e, ")
    sql = sa.text(
        f"INSERT INTO {TABLE} ({_COLUMNS}) {rows} AND e.deleted_at IS NULL AND e.tags <> '' "
        "AND e.id > :lo AND e.id <= :hi"
    )
    last = conn.execute(sa.text("SELECT MAX(id) FROM time_entries")).scalar() or 0
    for lo in range(0, last, batch):
        conn.execute(sql, {"lo": lo, "hi": lo + batch})


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        _postgres_folded_notes()
    key = sa.PrimaryKeyConstraint("entry_id", "tag", name=KEY)
    entry = ("fk_entry_tags_entry_id_time_entries", TABLE, "time_entries", ["entry_id"], ["id"])
    # SQLite's table is its key (WITHOUT ROWID), so it has both from the start. PostgreSQL gets
    # them after the rows, each made in one pass: checking the foreign key and growing the key's
    # index row by row took twice as long (21 s for a million entries).
    op.create_table(
        TABLE,
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=TAG_KEY), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("start_at", sa.BigInteger(), nullable=False),
        sa.Column("end_at", sa.BigInteger(), nullable=True),
        sa.Column("paused_at", sa.BigInteger(), nullable=True),
        sa.Column("break_seconds", sa.Integer(), nullable=False),
        sa.Column("billable", sa.Boolean(), nullable=False),
        *([key, sa.ForeignKeyConstraint(entry[3], ["time_entries.id"], name=entry[0], ondelete="CASCADE")]
          if sqlite else []),
        sqlite_with_rowid=False,
    )  # fmt: skip
    if sqlite:
        _sqlite_triggers()
    else:
        _postgres_triggers()
    backfill(op.get_bind())
    if sqlite:
        op.create_index(
            "ix_entry_tags_report_all", TABLE, ["tag", "user_id", "start_at", "entry_id", *PAYLOAD]
        )
    else:
        op.create_primary_key(KEY, TABLE, ["entry_id", "tag"])
        op.create_foreign_key(*entry, ondelete="CASCADE")
        op.create_index(
            "ix_entry_tags_report",
            TABLE,
            ["tag", "user_id", "start_at", "entry_id"],
            postgresql_include=list(PAYLOAD),
        )
    if not sqlite:  # statistics for the planner now, not at autovacuum's next round (SQLite keeps none)
        op.execute(f"ANALYZE {TABLE}, time_entries")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    else:
        for trigger in PG_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON time_entries")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    op.drop_table(TABLE)
    if op.get_bind().dialect.name != "sqlite":
        op.create_index(
            NOTES_INDEX, "time_entries", ["notes"], postgresql_using="gin",
            postgresql_ops={"notes": "gin_trgm_ops"}, postgresql_where=_LIVE,
        )  # fmt: skip
        op.drop_index(FOLDED_INDEX, table_name="time_entries")
        op.execute(f"ALTER TABLE time_entries DROP COLUMN {FOLDED}")
