"""Fixed-window counters for rate limits and login throttling: in process, or shared through Redis.

Notes:
A window is ``[floor(now / size) * size, +size)``. The in-process store is exact for one process; with
``PUNCHCLOCK_REDIS_URL`` every instance increments the same Redis key (INCR + EXPIRE in one pipeline),
so N instances enforce one limit.

While Redis cannot be reached, every instance counts in its own memory instead (``FallbackCounters``):
limits still hold, per process, rather than failing open (an attacker would get unlimited password
guesses during an outage) or failing closed (every request a 500 or 429). The switch is logged once
each way; Redis is tried again at most every ``RETRY_SECONDS``, so an outage costs one timeout per
interval, not one per request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

log = logging.getLogger("punchclock.redis")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Hit:
    count: int
    reset_at: int  # epoch seconds when the window ends


class CounterStore(Protocol):
    async def incr(self, key: str, window: int, amount: int = 1) -> Hit: ...

    async def peek(self, key: str, window: int) -> Hit: ...

    async def reset(self, key: str, window: int) -> None: ...

    async def close(self) -> None: ...


def _window(window: int, now: float) -> tuple[int, int]:
    start = int(now // window * window)
    return start, start + window


class MemoryCounters:
    def __init__(self, max_keys: int = 200_000) -> None:
        self._data: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def _prune(self, now: float) -> None:
        # Drop windows that have ended; keeps memory bounded by live keys.
        dead = [k for k in self._data if k[1] <= now]
        for k in dead:
            del self._data[k]

    async def incr(self, key: str, window: int, amount: int = 1) -> Hit:
        now = time.time()
        _, end = _window(window, now)
        with self._lock:
            if len(self._data) >= self._max_keys:
                self._prune(now)
            count = self._data.get((key, end), 0) + amount
            self._data[(key, end)] = count
        return Hit(count, end)

    async def peek(self, key: str, window: int) -> Hit:
        _, end = _window(window, time.time())
        with self._lock:
            return Hit(self._data.get((key, end), 0), end)

    async def reset(self, key: str, window: int) -> None:
        _, end = _window(window, time.time())
        with self._lock:
            self._data.pop((key, end), None)

    async def close(self) -> None:
        self._data.clear()


class RedisCounters:
    def __init__(self, url: str, prefix: str = "punchclock:", timeout: float = 0.5) -> None:
        import redis.asyncio as aioredis

        self._redis = aioredis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        self._prefix = prefix

    def _key(self, key: str, end: int) -> str:
        return f"{self._prefix}{key}:{end}"

    async def incr(self, key: str, window: int, amount: int = 1) -> Hit:
        _, end = _window(window, time.time())
        rkey = self._key(key, end)
        pipe = self._redis.pipeline(transaction=True)
        pipe.incrby(rkey, amount)
        pipe.expireat(rkey, end + 1)
        count, _ = await pipe.execute()
        return Hit(int(count), end)

    async def peek(self, key: str, window: int) -> Hit:
        _, end = _window(window, time.time())
        value = await self._redis.get(self._key(key, end))
        return Hit(int(value or 0), end)

    async def reset(self, key: str, window: int) -> None:
        _, end = _window(window, time.time())
        await self._redis.delete(self._key(key, end))

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


class FallbackCounters:
    """Redis counters, or this process's own while Redis is unreachable (see the notes above)."""

    RETRY_SECONDS = 2.0

    def __init__(self, primary: RedisCounters, fallback: MemoryCounters | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or MemoryCounters()
        self.down = False
        self._retry_at = 0.0

    async def _use(self, call: Callable[[CounterStore], Awaitable[T]]) -> T:
        if self.down and time.monotonic() < self._retry_at:
            return await call(self.fallback)
        try:
            result = await call(self.primary)
        except _unreachable() as exc:
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            if not self.down:
                self.down = True
                log.warning(
                    "Redis is unreachable (%s): rate limits and the login throttle count per process "
                    "until it is back",
                    exc.__class__.__name__,
                )
            return await call(self.fallback)
        if self.down:
            self.down = False
            log.warning("Redis is reachable again: rate limits and the login throttle are shared again")
        return result

    async def incr(self, key: str, window: int, amount: int = 1) -> Hit:
        return await self._use(lambda store: store.incr(key, window, amount))

    async def peek(self, key: str, window: int) -> Hit:
        return await self._use(lambda store: store.peek(key, window))

    async def reset(self, key: str, window: int) -> None:
        await self._use(lambda store: store.reset(key, window))

    async def ping(self) -> bool:
        """Whether Redis answers now (readiness)."""
        try:
            await self.primary.ping()
        except _unreachable():
            return False
        return True

    async def close(self) -> None:
        await self.primary.close()
        await self.fallback.close()


def _unreachable() -> tuple[type[BaseException], ...]:
    import redis  # imported where Redis is used, as in RedisCounters

    return (redis.RedisError, OSError, TimeoutError)


def make_counters(redis_url: str | None, deployment: str = "", timeout: float = 0.5) -> CounterStore:
    """Redis counters under ``punchclock:<deployment>:`` (see kit.secret.deployment_id), else in memory."""
    if redis_url:
        prefix = f"punchclock:{deployment}:" if deployment else "punchclock:"
        return FallbackCounters(RedisCounters(redis_url, prefix=prefix, timeout=timeout))
    return MemoryCounters()
