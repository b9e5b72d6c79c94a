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
The rule below is a frozen copy of punchclock.kit.tags.entry_tags as it stood at this revision: a
migration must do tomorrow what it did the day it was written, whatever the live rule becomes.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

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


# The tag rule of this revision (punchclock.kit.tags then): an entry's tags are its explicit tags
# and then each '#tag' of its notes (TimeTagger's characters, lower-cased) not among them, keeping
# only what an explicit tag may be (at most 50 characters, no space, comma or control character,
# no leading '#'), 20 tags and 1,000 characters in all.
_TAG = re.compile(r"^[^\s,#\x00-\x1f\x7f][^\s,\x00-\x1f\x7f]*$")
_INLINE = re.compile("#([0-9A-Za-z\\-_/\u0080-\U0010ffff]+)")


def _inline(text: str) -> list[str]:
    if text.isascii():
        return list(dict.fromkeys(_INLINE.findall(text.lower())))
    return list(dict.fromkeys(match.lower() for match in _INLINE.findall(text)))  # final sigma


def entry_tags(notes: str, tags: str) -> str:
    if "#" not in notes:
        return tags
    kept: dict[str, str] = {}
    size = -1  # the length of ",".join(kept)
    for tag in [*(tags.split(",") if tags else []), *_inline(notes)]:
        if len(kept) == 20:
            break
        storable = not tag or (len(tag) <= 50 and _TAG.match(tag) is not None)  # "": a row by hand's ",,"
        if tag.lower() in kept or not storable or size + 1 + len(tag) > 1000:
            continue
        kept[tag.lower()] = tag
        size += 1 + len(tag)
    return ",".join(kept.values())


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
