"""Fixed-window counters for rate limits and login throttling: in process, or shared through Redis.

Notes:
A window is ``[floor(now / size) * size, +size)``. The in-process store is exact for one process; with
``PUNCHCLOCK_REDIS_URL`` every instance increments the same Redis key (INCR + EXPIRE in one pipeline),
so N instances enforce one limit.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Protocol


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
    def __init__(self, url: str, prefix: str = "punchclock:") -> None:
        import redis.asyncio as aioredis

        self._redis = aioredis.from_url(url)
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

    async def close(self) -> None:
        await self._redis.aclose()


def make_counters(redis_url: str | None, deployment: str = "") -> CounterStore:
    """Redis counters under ``punchclock:<deployment>:`` (see kit.secret.deployment_id), else in memory."""
    if redis_url:
        return RedisCounters(redis_url, prefix=f"punchclock:{deployment}:" if deployment else "punchclock:")
    return MemoryCounters()
