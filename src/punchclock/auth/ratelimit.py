"""Per-credential rate limits (per minute and per hour) with the X-RateLimit-* figures."""

from __future__ import annotations

import time
from dataclasses import dataclass

from punchclock.errors import TooManyRequests
from punchclock.kit.counter import CounterStore


@dataclass(frozen=True, slots=True)
class Quota:
    limit: int
    remaining: int
    reset_at: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


WEB_KEY = "rl:web:"  # Principal.rate_key of a signed-in person (web app, TimeTagger's apps)


class RateLimiter:
    """API tokens and signed-in people have budgets of their own: a script is held to a steady
    pace, while an app a person clicks through fires bursts (a week's page, its neighbours, the
    lists) and must not be refused in the middle of one."""

    def __init__(
        self,
        store: CounterStore,
        per_minute: int,
        per_hour: int,
        web_per_minute: int | None = None,
        web_per_hour: int | None = None,
    ) -> None:
        self.store = store
        self.windows = ((60, per_minute), (3600, per_hour))
        self.web_windows = ((60, web_per_minute or per_minute), (3600, web_per_hour or per_hour))

    async def hit(self, key: str) -> Quota:
        """Count one request; raise 429 (with the quota headers) when a window is exhausted."""
        tightest: Quota | None = None
        exceeded: Quota | None = None
        for window, limit in self.web_windows if key.startswith(WEB_KEY) else self.windows:
            hit = await self.store.incr(f"{key}:{window}", window)
            quota = Quota(limit, max(0, limit - hit.count), hit.reset_at)
            if hit.count > limit and (exceeded is None or quota.reset_at > exceeded.reset_at):
                exceeded = quota
            if tightest is None or quota.remaining < tightest.remaining:
                tightest = quota
        assert tightest is not None
        if exceeded is not None:
            error = TooManyRequests(
                f"Rate limit of {exceeded.limit} requests exceeded",
                retry_after=max(1, exceeded.reset_at - int(time.time())),
            )
            error.headers.update(exceeded.headers())
            raise error
        return tightest
