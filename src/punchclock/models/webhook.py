from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class Webhook(Base):
    """An outgoing webhook: which events of whom go to which URL, signed with ``secret``."""

    __tablename__ = "webhooks"
    __table_args__ = (CheckConstraint("scope IN ('own', 'team')", name="scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(Text, default="")
    events: Mapped[str] = mapped_column(Text, default="*")  # space-separated patterns
    # "own": the owner's events; "team": everyone's (managers and admins only).
    scope: Mapped[str] = mapped_column(String(8), default="own")
    # The receiver needs it to check signatures, so it is kept as is (like Stripe's signing secrets).
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failure_count: Mapped[int] = mapped_column(Integer, default=0)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
