from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class AuditEvent(Base):
    """Something done to an account or the workspace that an admin must be able to trace later
    (a sign-in, a second factor reset, an invitation, a policy change). Rows are only ever added,
    and removed only by the retention setting (audit.service)."""

    __tablename__ = "audit_events"
    # The log's filters: a kind of action over a time range ("auth." failures of last week), and
    # everything one person did.
    __table_args__ = (Index("ix_audit_events_action_at", "action", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[int] = mapped_column(BigInteger, index=True)
    action: Mapped[str] = mapped_column(String(64))  # "totp.reset", "user.invited"
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    target_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
