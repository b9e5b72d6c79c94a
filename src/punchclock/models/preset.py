from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class Preset(Base):
    """A user's favourite entry: what a new timer gets in one click (description, project, task, tags,
    billable). Personal: nobody else sees or uses another's presets, whatever their role.

    ``billable`` NULL means "as the project says" (an entry's own default). A preset outlives its
    project or task (they become NULL), as a saved entry would read without them.
    """

    __tablename__ = "presets"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    tags: Mapped[str] = mapped_column(String(1000), default="")  # normalised, comma-separated
    billable: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
