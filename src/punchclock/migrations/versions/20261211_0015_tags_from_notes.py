"""an entry's tags include the #tags written in its notes (one tag rule on every path)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-11 09:00:00.000000

Notes:
Entries written over REST kept ``#words`` of their notes out of the tags column, so the tag report
filed them under "No tag" while the list and TimeTagger's clients showed them as tags. From now on
every write path stores the union (punchclock.kit.tags.entry_tags); this fills it in for the rows
already there, tombstones included (a restored entry comes back right). Only rows whose notes hold
a '#' are read, a batch at a time in id order, so a million entries take little memory; only rows
whose tags change are written. The reports' index reads the tags column (SQLite's holds it, and
PostgreSQL's points at the row), so it follows by itself. ``updated_at``, ``mt`` and ``st`` stay:
nothing a person wrote changed, and what TimeTagger's clients see is the same ds (the added tags
are written in the notes already, so rendering appends nothing new).
One-way: the old tags are not kept, and which tags came from the notes cannot be told afterwards.
The downgrade leaves the tags as they are, which the old code reads just as well.
The rule is imported rather than copied: it is the one every path uses, and a copy here would be
the second definition the issue was about.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from punchclock.kit.tags import entry_tags

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 5000
_READ = sa.text(
    "SELECT id, notes, tags FROM time_entries WHERE id > :after AND notes LIKE '%#%' ORDER BY id LIMIT :n"
)
_WRITE = sa.text("UPDATE time_entries SET tags = :tags WHERE id = :id")
# PostgreSQL: a batch in one statement (an UPDATE per row is a round trip each: 37 s a million).
_WRITE_PG = sa.text(
    "UPDATE time_entries SET tags = v.tags FROM (SELECT unnest(CAST(:ids AS integer[])) AS id,"
    " unnest(CAST(:tags AS text[])) AS tags) AS v WHERE time_entries.id = v.id"
)


def backfill(conn: sa.Connection, batch: int = BATCH) -> int:
    """Store the union in every row that lacks it; returns how many rows changed."""
    after, changed = 0, 0
    while True:
        rows = conn.execute(_READ, {"after": after, "n": batch}).all()
        if not rows:
            return changed
        updates = []
        for entry_id, notes, tags in rows:
            union = entry_tags(notes, tags or "")
            if union != tags:
                updates.append({"id": entry_id, "tags": union})
        if updates and conn.dialect.name == "postgresql":
            conn.execute(_WRITE_PG, {"ids": [u["id"] for u in updates], "tags": [u["tags"] for u in updates]})
        elif updates:
            conn.execute(_WRITE, updates)
        changed += len(updates)
        after = rows[-1][0]


def upgrade() -> None:
    backfill(op.get_bind())


def downgrade() -> None:
    pass  # one-way (see the notes): the tags stay as the upgrade left them
