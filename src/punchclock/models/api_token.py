from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class ApiToken(Base):
    """A scoped API token. Only a SHA-256 digest of the secret is kept, plus a display prefix."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(Text)  # space-separated
    expires_at: Mapped[int | None] = mapped_column(BigInteger)
    last_used_at: Mapped[int | None] = mapped_column(BigInteger)
    revoked_at: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[int] = mapped_column(BigInteger)
    # A device sign-in's token: the user's token_seed when it was issued. It is valid only while
    # that seed is unchanged (sign-out everywhere, password or role change end it). NULL: an
    # integration token, which only revocation or expiry ends.
    device_seed: Mapped[str | None] = mapped_column(String(64))
