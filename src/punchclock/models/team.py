from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class Team(Base):
    """A group of users an admin names (punchclock.team). Its leads (managers) see its members' time;
    once a workspace has any team, a manager sees only the members of the teams they lead."""

    __tablename__ = "teams"
    __table_args__ = (CheckConstraint("overlap_rule IN ('allow', 'warn', 'forbid')", name="overlap_rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Its members' overlap rule (NULL: the workspace's); the strictest of a person's teams wins
    # (punchclock.overlap.service), copied into their sync rows.
    overlap_rule: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)


class TeamMember(Base):
    """A user in a team; ``is_lead`` makes them one of its leads."""

    __tablename__ = "team_members"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[int] = mapped_column(BigInteger)
