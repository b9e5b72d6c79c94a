from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from punchclock.auth.scopes import ROLE_SCOPES
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.token import service as token_service
from punchclock.user import service as user_service
from tests.live import running


class Live:
    """A running server plus helpers that make users and tokens straight in the database."""

    def __init__(self, base: str, db: Database) -> None:
        self.base = base
        self.db = db
        self._n = 0

    def user(self, role: str = "member") -> Any:
        self._n += 1
        return self.db.call(user_service.create, f"{role}{self._n}", "password123", role)

    def token(self, user: Any, scopes: str = "admin:all") -> str:
        if scopes == "admin:all" and user.role != "admin":
            scopes = " ".join(sorted(ROLE_SCOPES[user.role]))
        _, raw = self.db.call(token_service.create, user, "test", scopes, "", None)
        return str(raw)

    def headers(self, user: Any, scopes: str = "admin:all") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user, scopes)}"}


@pytest.fixture
def live_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"ws_heartbeat_seconds": 0.3, "webhook_allow_private": True, "webhook_poll_seconds": 0.2}
    )


@pytest.fixture
def live(live_settings: Settings, db: Database) -> Iterator[Live]:
    with running(live_settings, db) as base:
        yield Live(base, db)
