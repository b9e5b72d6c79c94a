from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

VIAS = ("web", "rest", "cli", "sync", "import")
ACTIONS = ("create", "update", "delete", "restore", "revert")


class EntryVersion(Base):
    """One state of a time entry after a change to it (punchclock.history): who made the change,
    when, through which path, and the entry as it then was. The state before a change is the
    previous version. Project and task are kept as ids without foreign keys: history outlives them.
    """

    __tablename__ = "entry_versions"
    __table_args__ = (
        CheckConstraint("via IN ('web', 'rest', 'cli', 'sync', 'import')", name="via"),
        CheckConstraint("action IN ('create', 'update', 'delete', 'restore', 'revert')", name="action"),
        Index("ix_entry_versions_entry_id_id", "entry_id", "id"),
        Index("ix_entry_versions_user_id_st", "user_id", "st"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("time_entries.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[int] = mapped_column(BigInteger)
    st: Mapped[float] = mapped_column(Float)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    via: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(8))
    start_at: Mapped[int] = mapped_column(BigInteger)
    end_at: Mapped[int | None] = mapped_column(BigInteger)
    paused_at: Mapped[int | None] = mapped_column(BigInteger)
    break_seconds: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[int | None] = mapped_column(Integer)
    task_id: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(1000))
    billable: Mapped[bool] = mapped_column(Boolean)
    deleted_at: Mapped[int | None] = mapped_column(BigInteger)
