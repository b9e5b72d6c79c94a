"""Which instance runs a background job now (punchclock.jobs): one row per job, seeded by migrations."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class JobLease(Base):
    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64), default="")
    until: Mapped[float] = mapped_column(Float, default=0.0)
