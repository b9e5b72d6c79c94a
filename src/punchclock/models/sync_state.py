from __future__ import annotations

from sqlalchemy import BigInteger, Float, ForeignKey, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class SyncState(Base):
    """Per-user sync cursor (see punchclock.sync.stamp).

    ``last_st`` is the stamp of the user's latest committed change; every write bumps it under the
    row's lock, so stamps follow commit order. ``reset_st`` is the stamp of the last forcereset:
    a client whose cursor is older must start over.

    The write gate (punchclock.approval.lock) reads its input from the same row, returned by the
    bump every write takes: ``locked_before`` is the workspace's lock date as this user's instant,
    ``closed_until`` the later of that and the end of the user's last approved or closed period, and
    ``overlap_rule`` the user's overlap rule (0 allow, 1 warn, 2 forbid). Approvals and the lock date
    change them under the same row lock, so a write and an approval never pass each other.
    """

    __tablename__ = "sync_state"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    last_st: Mapped[float] = mapped_column(Float, default=0.0)
    reset_st: Mapped[float] = mapped_column(Float, default=0.0)
    locked_before: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    closed_until: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    overlap_rule: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
