from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

ROLES = ("admin", "manager", "member")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'manager', 'member')", name="role"),
        CheckConstraint("week_start BETWEEN 0 AND 6", name="week_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored lower-case; the unique index makes "Alice" and "alice" one account.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16), default="member")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotating the seed revokes every web token issued for this user (TimeTagger's scheme).
    token_seed: Mapped[str] = mapped_column(String(64))
    # TimeTagger-style tokens (punchclock.sync.tokens): one seed per kind, made on first use;
    # rotating one revokes every token of that kind.
    tt_web_seed: Mapped[str | None] = mapped_column(String(64))
    tt_api_seed: Mapped[str | None] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    week_start: Mapped[int] = mapped_column(Integer, default=0)  # 0 = Monday
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
