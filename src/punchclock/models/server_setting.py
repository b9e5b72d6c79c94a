from __future__ import annotations

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from punchclock.models.base import Base


class ServerSetting(Base):
    """A setting of the whole deployment, not of one user (``webhooks.paused``): JSON text under a key.

    It lives in the database, not in a file or the environment, so every instance sees the same
    value and it travels with a backup.
    """

    __tablename__ = "server_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[int] = mapped_column(BigInteger)
