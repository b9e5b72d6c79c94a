"""Reminders made for a user, and how far their delivery got (punchclock.reminder)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class Notification(Base):
    """One reminder. ``(user_id, kind, key)`` is unique, so however many instances scan at once a
    reminder is made once; ``state`` and ``locked_until`` make its push, webhook and mail go out once."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "key"),
        CheckConstraint("state IN ('pending', 'sending', 'done')", name="state"),
        CheckConstraint("mail IN ('none', 'sent', 'failed')", name="mail"),
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index("ix_notifications_state_deliver_after", "state", "deliver_after"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(200))
    at: Mapped[int] = mapped_column(BigInteger)
    read_at: Mapped[int | None] = mapped_column(BigInteger)
    deliver_after: Mapped[int] = mapped_column(BigInteger)  # the end of quiet hours, or ``at``
    state: Mapped[str] = mapped_column(String(8), default="pending")
    mail: Mapped[str] = mapped_column(String(8), default="none")
    locked_until: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
