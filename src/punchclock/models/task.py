from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base

TASK_STATUSES = ("todo", "in_progress", "review", "done", "cancelled")
TASK_PRIORITIES = ("low", "medium", "high", "urgent")


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint("status IN ('todo', 'in_progress', 'review', 'done', 'cancelled')", name="status"),
        CheckConstraint("priority IN ('low', 'medium', 'high', 'urgent')", name="priority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="todo")
    priority: Mapped[str] = mapped_column(String(16), default="medium")
    # The level was sent as its number (1 low ... 4 urgent) and is answered so (migration 0010).
    priority_as_number: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    estimated_hours: Mapped[float | None] = mapped_column(Float)
    due_date: Mapped[str | None] = mapped_column(String(10))  # ISO date
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
