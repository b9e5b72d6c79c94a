from __future__ import annotations

from sqlalchemy import Float, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class SyncState(Base):
    """Per-user sync cursor (see punchclock.sync.stamp).

    ``last_st`` is the stamp of the user's latest committed change; every write bumps it under the
    row's lock, so stamps follow commit order. ``reset_st`` is the stamp of the last forcereset:
    a client whose cursor is older must start over.
    """

    __tablename__ = "sync_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_st: Mapped[float] = mapped_column(Float, default=0.0)
    reset_st: Mapped[float] = mapped_column(Float, default=0.0)
