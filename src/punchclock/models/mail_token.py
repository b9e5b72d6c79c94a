from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class MailToken(Base):
    """A single-use, short-lived link sent by e-mail: a password reset or an invitation.
    Only a digest of the secret is kept."""

    __tablename__ = "mail_tokens"
    __table_args__ = (CheckConstraint("purpose IN ('reset', 'invite')", name="purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The account being reset; for an invitation, the account made when it was accepted.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str | None] = mapped_column(String(16))  # an invitation's role
    # An invitation's name for the invitee: the mail greets them with it, and it is their display
    # name unless they choose another when accepting.
    name: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[int | None] = mapped_column(BigInteger)
