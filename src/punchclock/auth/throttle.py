"""Login throttling: attempts counted per account and per client address.

Notes:
An attempt is counted before its password is checked, not after it fails. Counted afterwards, any
number of guesses sent at once would all pass the check while the first was still being hashed.
A refused attempt takes its counts back, so a throttled address cannot keep an account locked by
guessing on; a right password clears the account's count and gives the address its attempt back.
"""

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

    async def attempt(self, username: str, address: str) -> None:
        """Count one attempt; 429 once the account or the address has used up its attempts."""
        keys = self._keys(username, address)
        hits = [await self.store.incr(key, self.window) for key in keys]
        over = [hit for hit in hits if hit.count > self.max_failures]
        if over:
            for key in keys:
                await self.store.incr(key, self.window, -1)
            retry = max(1, max(hit.reset_at for hit in over) - int(time.time()))
            raise TooManyRequests("Too many failed sign-in attempts; try again later", retry_after=retry)

    async def succeeded(self, username: str, address: str) -> None:
        user_key, address_key = self._keys(username, address)
        await self.store.reset(user_key, self.window)
        await self.store.incr(address_key, self.window, -1)
