"""Login throttling: failures counted per account and per client address."""

from __future__ import annotations

import time

from punchclock.errors import TooManyRequests
from punchclock.kit.counter import CounterStore


class LoginThrottle:
    def __init__(self, store: CounterStore, max_failures: int, window: int) -> None:
        self.store = store
        self.max_failures = max_failures
        self.window = window

    def _keys(self, username: str, address: str) -> tuple[str, str]:
        return f"login:user:{username.strip().lower()[:64]}", f"login:addr:{address}"

    async def check(self, username: str, address: str) -> None:
        for key in self._keys(username, address):
            hit = await self.store.peek(key, self.window)
            if hit.count >= self.max_failures:
                retry = max(1, hit.reset_at - int(time.time()))
                raise TooManyRequests("Too many failed sign-in attempts; try again later", retry_after=retry)

    async def failed(self, username: str, address: str) -> None:
        for key in self._keys(username, address):
            await self.store.incr(key, self.window)

    async def succeeded(self, username: str, address: str) -> None:
        await self.store.reset(self._keys(username, address)[0], self.window)
