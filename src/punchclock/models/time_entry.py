from __future__ import annotations

import time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.kit.secret import random_string
from punchclock.models.base import Base

SYNC_KEY_LENGTH = 8
_REPORT_COLUMNS = ("start_at", "end_at", "project_id", "user_id", "task_id", "billable", "deleted_at")
_PROJECT_REPORT_COLUMNS = ("project_id", "start_at", "end_at", "user_id", "task_id", "billable", "deleted_at")
# Not a key of the report indexes, but read by every report (worked time is the span minus it).
_REPORT_EXTRA = "break_seconds"


def new_sync_key() -> str:
    """A random key like the ones TimeTagger's app makes (8 characters); unique per user."""
    return random_string(SYNC_KEY_LENGTH)


# An entry longer than a day (ix_time_entries_long); the reader must name this very condition.
LONG_ENTRY = "end_at - start_at > 86400 AND deleted_at IS NULL"


class TimeEntry(Base):
    """One span of tracked time. ``end_at`` NULL means it is the user's running timer.

    Notes:
    The same rows are TimeTagger's records (see punchclock.sync): ``sync_key`` is the record key,
    ``mt`` the client's modification time and ``st`` the server stamp that orders changes for
    ``updates?since=``. A deleted entry stays as a tombstone (``deleted_at`` set) so the deletion
    syncs; the REST API never shows tombstones. The Python defaults only serve rows written outside
    the services (tests, imports); the services always set all three.
    ``sync_record`` caches the whole record as the sync feed sends it (JSON); it counts only while
    ``st`` still equals ``sync_record_st`` (see punchclock.sync.feed), so a writer that does not know
    it just stamps.
    """

    __tablename__ = "time_entries"
    __table_args__ = (
        CheckConstraint("end_at IS NULL OR end_at > start_at", name="end_after_start"),
        # A tombstone is never the running timer (it would block starting a new one).
        CheckConstraint("deleted_at IS NULL OR end_at IS NOT NULL", name="tombstone_not_running"),
        # A pause belongs to a running timer; a break is never the whole entry (migration 0009).
        CheckConstraint("paused_at IS NULL OR end_at IS NULL", name="paused_running"),
        CheckConstraint(
            "break_seconds >= 0 AND (end_at IS NULL OR break_seconds < end_at - start_at)", name="break_fits"
        ),
        # A user's live entries by start: the entry list and exports (tombstones are never listed).
        Index(
            "ix_time_entries_live_user_start",
            "user_id",
            "start_at",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # Reports read every live entry of a range from this index alone (see
        # punchclock.report.grouped_repository). deleted_at is in it, always NULL, because SQLite
        # only treats an index as covering when it holds every column the query names. SQLite's
        # carries the tags too (a report by tag sorts on them); PostgreSQL's cannot (a btree row
        # is capped at 2,704 bytes and tags may reach 4,000) and carries the id instead, which
        # SQLite's rowid already is. One or the other is built (migration 0004).
        Index(
            "ix_time_entries_report",
            *_REPORT_COLUMNS,
            postgresql_where=text("deleted_at IS NULL"),
            postgresql_include=["id", _REPORT_EXTRA],
        ).ddl_if(dialect="postgresql"),
        Index(
            "ix_time_entries_report_tags",
            *_REPORT_COLUMNS,
            "tags",
            _REPORT_EXTRA,
            sqlite_where=text("deleted_at IS NULL"),
        ).ddl_if(dialect="sqlite"),
        # The same, led by the project, for reports filtered to projects or a client's: those read
        # the entries of the projects by start, not every entry of the range (migration 0013).
        Index(
            "ix_time_entries_project_report",
            *_PROJECT_REPORT_COLUMNS,
            postgresql_where=text("deleted_at IS NULL"),
            postgresql_include=["id", _REPORT_EXTRA],
        ).ddl_if(dialect="postgresql"),
        Index(
            "ix_time_entries_project_report_tags",
            *_PROJECT_REPORT_COLUMNS,
            "tags",
            _REPORT_EXTRA,
            sqlite_where=text("deleted_at IS NULL"),
        ).ddl_if(dialect="sqlite"),
        # records?timerange= and the entries reaching into a report's range select by end (or
        # running) first; start_at in the index settles "started before" without reading the row.
        Index("ix_time_entries_user_end", "user_id", "end_at", "start_at"),
        Index("ix_time_entries_user_st", "user_id", "st"),
        # Entries longer than a day, few: working time reads a span's entries by start from a day
        # before it (the start index, a short range) and finds longer ones here (migration 0023).
        Index(
            "ix_time_entries_long",
            "user_id",
            "start_at",
            sqlite_where=text(LONG_ENTRY),
            postgresql_where=text(LONG_ENTRY),
        ),
        # Search (punchclock.search): substrings of tags from a trigram index, and of notes from one
        # on their lower-cased copy, a generated column outside the models (see models.base and
        # migration 0016). SQLite's counterpart is an FTS5 table kept by triggers (migration 0014).
        Index(
            "ix_time_entries_tags_trgm",
            "tags",
            postgresql_using="gin",
            postgresql_ops={"tags": "gin_trgm_ops"},
            postgresql_where=text("deleted_at IS NULL"),
        ).ddl_if(dialect="postgresql"),
        Index("uq_time_entries_user_key", "user_id", "sync_key", unique=True),
        # The database itself guarantees at most one running timer per user.
        Index(
            "uq_time_entries_one_running",
            "user_id",
            unique=True,
            sqlite_where=text("end_at IS NULL"),
            postgresql_where=text("end_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    start_at: Mapped[int] = mapped_column(BigInteger)
    end_at: Mapped[int | None] = mapped_column(BigInteger)
    # While a running timer is paused: since when. The paused time then joins break_seconds.
    paused_at: Mapped[int | None] = mapped_column(BigInteger)
    break_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    notes: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(1000), default="")  # normalised, comma-separated
    billable: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(16), default="api")
    sync_key: Mapped[str] = mapped_column(String(64), default=new_sync_key)
    mt: Mapped[float] = mapped_column(Float, default=time.time)
    st: Mapped[float] = mapped_column(Float, default=0.0)
    deleted_at: Mapped[int | None] = mapped_column(BigInteger)
    sync_record: Mapped[str | None] = mapped_column(Text)
    sync_record_st: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
