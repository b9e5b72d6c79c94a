from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

# A tag is kept by its first TAG_KEY_LENGTH characters: every write path stores tags of at most 50
# (punchclock.kit.tags), and a PostgreSQL btree row must stay under 2,704 bytes. See the model.
TAG_KEY_LENGTH = 200
# What a report reads of an entry besides its tag, user, start and id (punchclock.report.tag_repository).
_PAYLOAD = ("project_id", "task_id", "end_at", "paused_at", "break_seconds", "billable")
# PostgreSQL's trigger function (migration 0016): a restore drops it with the tables.
KEEPER_FUNCTION = "entry_tags_keep"


class EntryTag(Base):
    """One tag of one live entry, with the columns a report reads: the tag filter's index.

    Notes:
    An entry's tags are one comma-joined column (punchclock.kit.tags), which a filter could only
    match with LIKE in every entry of a range (a team's year by one tag: 0.6 s). Here each live
    entry has a row per tag, so a filtered report reads the tag's rows by person and start and
    nothing else (punchclock.report.tag_repository). ``tag`` is the tag lower-cased by the
    database's own LOWER(), the very comparison the LIKE made (SQLite folds ASCII letters only;
    PostgreSQL by its ctype), cut to TAG_KEY_LENGTH characters. The other columns copy the entry's.
    Nothing in Python writes these rows: triggers on time_entries do (migration 0016), after every
    insert, every update of a copied column and every delete (PostgreSQL: the foreign key), so
    every path that writes an entry (REST, the timer, sync, imports, the timesheet, restores, SQL
    by hand) keeps them exact. Tombstones have none. A later migration that recreates time_entries
    on SQLite (batch mode) drops the triggers with it and must create them again:
    tests/report/test_entry_tags.py checks that they exist at head.
    """

    __tablename__ = "entry_tags"
    __table_args__ = (
        # By tag, user and start: a person's range is one index range, everyone's one per user
        # (punchclock.report.tag_repository). PostgreSQL's carries the rest as payload; SQLite's
        # has no INCLUDE and holds them as keys (as the entries' report index).
        Index(
            "ix_entry_tags_report",
            "tag",
            "user_id",
            "start_at",
            "entry_id",
            postgresql_include=list(_PAYLOAD),
        ).ddl_if(dialect="postgresql"),
        Index("ix_entry_tags_report_all", "tag", "user_id", "start_at", "entry_id", *_PAYLOAD).ddl_if(
            dialect="sqlite"
        ),
        {"sqlite_with_rowid": False},
    )

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("time_entries.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    tag: Mapped[str] = mapped_column(String(TAG_KEY_LENGTH), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(Integer)
    task_id: Mapped[int | None] = mapped_column(Integer)
    start_at: Mapped[int] = mapped_column(BigInteger)
    end_at: Mapped[int | None] = mapped_column(BigInteger)
    paused_at: Mapped[int | None] = mapped_column(BigInteger)
    break_seconds: Mapped[int] = mapped_column(Integer)
    billable: Mapped[bool] = mapped_column(Boolean)
