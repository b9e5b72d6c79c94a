from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class UserSetting(Base):
    """A TimeTagger setting (``first_day_of_week``, ``taginfo #tag``, ...): JSON text, synced like records."""

    __tablename__ = "user_settings"
    __table_args__ = (Index("ix_user_settings_user_st", "user_id", "st"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    mt: Mapped[float] = mapped_column(Float)
    st: Mapped[float] = mapped_column(Float)
