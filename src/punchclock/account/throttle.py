"""How often password resets may be asked for: per account name and per client address, per hour.

Notes:
The account count is kept for whatever name or address was typed, existing or not, so a refusal
says nothing about which accounts exist; it bounds how many mails anyone can make one mailbox
receive. The address count slows one client trying many names.
"""

from __future__ import annotations

import time

from punchclock.errors import TooManyRequests
from punchclock.kit.counter import CounterStore

WINDOW = 3600


class ResetThrottle:
    def __init__(self, store: CounterStore, per_account: int, per_address: int) -> None:
        self.store = store
        self.caps = (per_account, per_address)

    async def attempt(self, login: str, address: str) -> None:
        """Count one request; 429 once either count is used up (the refused one is not counted)."""
        keys = (f"reset:account:{login.strip().lower()[:254]}", f"reset:addr:{address}")
        hits = [await self.store.incr(key, WINDOW) for key in keys]
        over = [hit for hit, cap in zip(hits, self.caps, strict=True) if hit.count > cap]
        if over:
            for key in keys:
                await self.store.incr(key, WINDOW, -1)
            retry = max(1, max(hit.reset_at for hit in over) - int(time.time()))
            raise TooManyRequests("Too many password reset requests; try again later", retry_after=retry)
