from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class WebSession(Base):
    """A signed-in browser session. Its web tokens carry its id; ending the row ends them all."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # How the session began: password, totp, recovery, oidc, proxy.
    method: Mapped[str] = mapped_column(String(16))
    client: Mapped[str] = mapped_column(String(200), default="")  # "Firefox on Linux"
    address: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[int] = mapped_column(BigInteger)
    last_seen_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    ended_at: Mapped[int | None] = mapped_column(BigInteger)
    # The user's token seed when the session began: rotating the seed (sign out everywhere, a role
    # change, disabling) ends the session as it ends the session's tokens.
    seed: Mapped[str] = mapped_column(String(64))
    # An OpenID Connect session's ID token, sent back as id_token_hint when the user signs out.
    id_token: Mapped[str | None] = mapped_column(Text)
