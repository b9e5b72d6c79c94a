from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class SavedReport(Base):
    """A named set of report filters a user keeps (the Reports page's "Saved reports"). The filters
    are JSON, checked on the way in (punchclock.savedreport.schemas.ReportFilters); a relative
    period ("this month") is kept as such and resolved when the report is opened."""

    __tablename__ = "saved_reports"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    filters: Mapped[str] = mapped_column(Text)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
