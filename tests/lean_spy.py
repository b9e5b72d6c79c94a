"""Helpers for the lean-route tests (tests/test_lean.py, tests/timer/test_lean_timer.py)."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

from punchclock import app as app_module
from punchclock.auth import ratelimit
from punchclock.errors import AppError
from punchclock.kit import counter


def freeze_rate_limit_clock(monkeypatch: Any) -> None:
    """Both apps of a test count into the same rate-limit window, whatever the test's timing."""
    now = (int(time.time()) // 3600 + 1) * 3600 + 1
    monkeypatch.setattr(counter, "time", SimpleNamespace(time=lambda: now))
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now))


def spy_on_lean_routes(monkeypatch: Any, method: str) -> list[str]:
    """Wrap the app's lean routes for ``method``; the list returned gets the path of every request
    a lean handler took (answered, or raised an error for) instead of passing it on."""
    taken: list[str] = []

    def spying(handler: Any) -> Any:
        async def spy(scope: Any, body: bytes = b"") -> Any:
            try:
                response = await handler(scope, body)
            except AppError:
                taken.append(scope["path"])
                raise
            if response is not None:
                taken.append(scope["path"])
            return response

        return spy

    for key, handler in list(app_module.LEAN_ROUTES.items()):
        if key[0] == method:
            monkeypatch.setitem(app_module.LEAN_ROUTES, key, spying(handler))
    return taken
