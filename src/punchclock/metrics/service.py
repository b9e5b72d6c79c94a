"""One scrape: this process's request figures, and the gauges read at scrape time.

Notes:
The gauges cost nothing between scrapes: the pool and the sockets are read from memory, Redis from
the flag the counters keep (``down``: how the last rate-limit or throttle call went, no extra round
trip), and the outbox with one statement through the webhook service. If the database does not
answer that statement within two seconds, ``punchclock_database_up`` is 0 and the outbox figures are
left out rather than reported as zeros.
"""

from __future__ import annotations

import time
from typing import Any

import anyio

from punchclock import __version__
from punchclock.db import Database
from punchclock.errors import AppError
from punchclock.kit.counter import CounterStore, FallbackCounters
from punchclock.metrics.exposition import Text
from punchclock.metrics.registry import HttpMetrics
from punchclock.webhook import service as webhook_service

DATABASE_SECONDS = 2.0
STARTED = time.time()


async def _outbox(db: Database) -> dict[str, float] | None:
    with anyio.move_on_after(DATABASE_SECONDS):
        try:
            stats: dict[str, float] = await db.read(webhook_service.outbox_stats)
        except AppError:
            return None
        return stats
    return None


def _pool(out: Text, db: Database) -> None:
    pool: Any = db.engine.pool
    if hasattr(pool, "checkedout"):
        out.gauge("punchclock_db_pool_checked_out", "Database connections in use now.", pool.checkedout())
    if hasattr(pool, "size"):
        out.gauge("punchclock_db_pool_size", "Database connections the pool keeps open.", pool.size())


async def scrape(http: HttpMetrics, db: Database, hub: Any, counters: CounterStore) -> str:
    out = Text()
    out.family("punchclock_info", "gauge", "The running version (always 1).")
    out.sample("punchclock_info", 1, {"version": __version__})
    out.gauge("punchclock_process_start_time_seconds", "When this process started (epoch).", STARTED)
    http.write(out)
    _pool(out, db)
    outbox = await _outbox(db)
    up = 0 if outbox is None else 1
    out.gauge("punchclock_database_up", "1 if the database answered this scrape's query.", up)
    if outbox is not None:
        out.gauge(
            "punchclock_webhook_outbox_pending",
            "Webhook deliveries of active hooks waiting to be sent.",
            outbox["pending"],
        )
        out.gauge(
            "punchclock_webhook_outbox_oldest_age_seconds",
            "Age of the oldest delivery waiting to be sent (0 when none).",
            outbox["oldest_pending_age_seconds"],
        )
        out.gauge(
            "punchclock_webhook_deliveries_failed",
            "Webhook deliveries that gave up, among those kept in the outbox.",
            outbox["failed"],
        )
    out.gauge("punchclock_websocket_connections", "Open live-update sockets of this process.", len(hub.conns))
    if isinstance(counters, FallbackCounters):
        out.gauge(
            "punchclock_redis_up",
            "1 unless the last rate-limit or throttle call found Redis unreachable.",
            0 if counters.down else 1,
        )
    return out.render()
