"""Login throttling that slows the guesser, never the account's owner.

Notes:
Three counts of failed attempts, each over the same window:

- per account *and* address (``login_max_failures``): the person at that address has guessed enough
  for that account. This is the only count a known device answers to.
- per address (``login_max_failures_per_address``): one address spraying many account names.
- per account (``login_max_failures_per_account``): many addresses guessing one account.

A *known device* is a browser holding the signed cookie that an earlier sign-in to this account gave
it, or an address from which this account signed in during the last ``KNOWN_SECONDS``. Strangers'
guesses fill the address and account counts; the owner, signing in from their usual browser or
address, is judged only by their own pair count, so nobody can lock them out from elsewhere.

An attempt is counted before its password is checked, not after it fails. Counted afterwards, any
number of guesses sent at once would all pass the check while the first was still being hashed.
A refused attempt takes its counts back, so a throttled guesser cannot keep counts growing; a right
password clears the pair count and gives the other two their attempt back. An answer asking for the
second factor gives every count its attempt back; a wrong code counts like a wrong password.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from punchclock.errors import TooManyRequests
from punchclock.kit.counter import CounterStore

KNOWN_SECONDS = 30 * 86400
DEVICE_COOKIE = "pc_device"


def device_mark(secret: str, username: str) -> str:
    """The cookie value that marks a browser as one that signed in to ``username`` before."""
    message = f"login-device:{_name(username)}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:40]


def _name(username: str) -> str:
    return username.strip().lower()[:64]


@dataclass(frozen=True, slots=True)
class Limits:
    pair: int
    address: int
    account: int
    window: int


class LoginThrottle:
    def __init__(self, store: CounterStore, limits: Limits) -> None:
        self.store = store
        self.limits = limits

    def _keys(self, username: str, address: str) -> tuple[str, str, str]:
        name = _name(username)
        return f"login:pair:{name}:{address}", f"login:addr:{address}", f"login:user:{name}"

    def _known_key(self, username: str, address: str) -> str:
        return f"login:known:{_name(username)}:{address}"

    async def attempt(self, username: str, address: str, known_device: bool = False) -> None:
        """Count one attempt; 429 once a count that applies to this caller is used up."""
        limits = self.limits
        keys = self._keys(username, address)
        hits = [await self.store.incr(key, limits.window) for key in keys]
        caps = [limits.pair, limits.address, limits.account]
        if not known_device:
            known_device = (
                await self.store.peek(self._known_key(username, address), KNOWN_SECONDS)
            ).count > 0
        if known_device:
            caps[1] = caps[2] = 0  # only the pair count applies (0: no cap)
        over = [hit for hit, cap in zip(hits, caps, strict=True) if cap and hit.count > cap]
        if over:
            for key in keys:
                await self.store.incr(key, limits.window, -1)
            retry = max(1, max(hit.reset_at for hit in over) - int(time.time()))
            raise TooManyRequests("Too many failed sign-in attempts; try again later", retry_after=retry)

    async def give_back(self, username: str, address: str) -> None:
        """Take back an attempt that neither failed nor succeeded: the password was right, and the
        second factor is asked for next (that request is counted in turn) or must be set up first."""
        for key in self._keys(username, address):
            await self.store.incr(key, self.limits.window, -1)

    async def succeeded(self, username: str, address: str) -> None:
        pair, by_address, by_account = self._keys(username, address)
        await self.store.reset(pair, self.limits.window)
        await self.store.incr(by_address, self.limits.window, -1)
        await self.store.incr(by_account, self.limits.window, -1)
        await self.store.incr(self._known_key(username, address), KNOWN_SECONDS)
