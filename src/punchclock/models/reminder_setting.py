"""A user's reminder choices (punchclock.reminder): no row, or a NULL threshold, is that reminder off."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, SmallInteger, false, true
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class ReminderSetting(Base):
    __tablename__ = "reminder_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    long_timer_hours: Mapped[int | None] = mapped_column(SmallInteger)
    nothing_by_minute: Mapped[int | None] = mapped_column(SmallInteger)  # minutes after local midnight
    period_days: Mapped[int | None] = mapped_column(SmallInteger)  # days after a period's end
    absence_hours: Mapped[int | None] = mapped_column(SmallInteger)  # for deciders
    by_app: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    by_email: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    by_webhook: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    quiet_from: Mapped[int | None] = mapped_column(SmallInteger)  # minutes after local midnight
    quiet_to: Mapped[int | None] = mapped_column(SmallInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
