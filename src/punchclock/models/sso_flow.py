from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class SsoFlow(Base):
    """A single-use step of a single sign-on: an authorization state that was used ("state", kept
    until its flow would have expired, so it cannot be used again), or the sign-in answer waiting for
    the web app to fetch it once ("handoff", deleted when fetched). Keyed by a digest of the secret."""

    __tablename__ = "sso_flows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A handoff's sign-in answer, encrypted with a key only the handoff code gives.
    payload: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)
