from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class UserTotp(Base):
    """A user's TOTP (RFC 6238) second factor: one per user, active once confirmed with a code."""

    __tablename__ = "user_totp"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # The shared secret, base32 as authenticator apps read it.
    secret: Mapped[str] = mapped_column(String(64))
    # NULL while enrolling: the factor counts only after a first correct code confirmed it.
    confirmed_at: Mapped[int | None] = mapped_column(BigInteger)
    # The highest time step accepted so far: a code of that step or an earlier one is a replay.
    last_step: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[int] = mapped_column(BigInteger)
