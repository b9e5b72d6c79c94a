from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, aliased, mapped_column

from punchclock.models.base import Base
from punchclock.models.client import Client


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (CheckConstraint("status IN ('active', 'archived', 'on_hold')", name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    hourly_rate: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    estimated_hours: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="active")
    billable: Mapped[bool] = mapped_column(Boolean, default=True)
    # A project may carry a tag (without '#'); the TimeTagger sync maps that tag to this project.
    tag: Mapped[str | None] = mapped_column(String(64), unique=True)
    color: Mapped[str | None] = mapped_column(String(16))
    # Private: only its members (project_members), managers and admins see it or track on it.
    is_private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)


def effective_hourly_rate() -> ColumnElement[Decimal | None]:
    """What a billable hour on a project is worth, as SQL over ``projects``: the rule every amount uses.

    Notes:
    Precedence, highest first: the project's own ``hourly_rate``, then its client's
    ``default_hourly_rate``, else NULL (no rate: no amount). A rate of 0 is a rate (work not billed
    to that client), only an empty one falls through. TimeTracker resolves the same order
    (RateOverride.resolve_rate), with per-user and per-project overrides above it; Punchclock has
    no per-user rate yet, and when it gets one it goes first, here. The client is looked up by its
    own alias, so the expression works in any query over ``projects``, whatever that query joins.
    """
    client = aliased(Client, name="rate_client")
    default = (
        select(client.default_hourly_rate)
        .where(client.id == Project.client_id)
        .correlate(Project)
        .scalar_subquery()
    )
    return func.coalesce(Project.hourly_rate, default)
