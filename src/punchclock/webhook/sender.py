"""The background sender: wakes on new deliveries (or every poll interval), sends, records.

One runs in every server process. Rows are claimed with a lease (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, one writer at a time on SQLite), so several instances share the work without sending a
delivery twice while it is in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import anyio.to_thread
import httpx

from punchclock import __version__
from punchclock.errors import ServiceUnavailable
from punchclock.webhook import guard, outbox, pause, signing
from punchclock.webhook.outbox import Job, Policy, Result

log = logging.getLogger("punchclock.webhook")
PRUNE_EVERY = 3600.0


def _pinned_url(target: guard.Target, address: str) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"{target.scheme}://{host}:{target.port}{target.path}"


async def send(client: httpx.AsyncClient, job: Job, policy: Policy) -> Result:
    started = time.perf_counter()

    def done(ok: bool, status: int | None, error: str | None) -> Result:
        return Result(job, ok, status, error, int((time.perf_counter() - started) * 1000))

    try:
        target = guard.parse(job.url)
        address = await anyio.to_thread.run_sync(guard.resolve, target, policy.allow_private)
    except ValueError as exc:  # guard.Refused, or an address that is not one
        return done(False, None, f"refused: {exc}")
    timestamp = int(time.time())
    headers = {
        "Host": target.host if target.port in (80, 443) else f"{target.host}:{target.port}",
        "Content-Type": "application/json",
        "User-Agent": f"Punchclock-Webhook/{__version__}",
        "X-Punchclock-Event": job.event,
        "X-Punchclock-Delivery": str(job.id),
        "X-Punchclock-Timestamp": str(timestamp),
        "X-Punchclock-Signature": signing.signature(job.secret, timestamp, job.payload),
    }
    try:
        response = await client.post(
            _pinned_url(target, address),
            content=job.payload.encode(),
            headers=headers,
            timeout=policy.timeout,
            extensions={"sni_hostname": target.host},
        )
    except httpx.TimeoutException:
        return done(False, None, f"timed out after {policy.timeout:g} s")
    except httpx.HTTPError as exc:
        return done(False, None, f"{type(exc).__name__}: {exc}"[:500])
    except Exception as exc:  # anything else is this delivery's failure, recorded, never the sender's
        log.warning("webhook delivery %s failed unexpectedly: %r", job.id, exc)
        return done(False, None, f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= response.status_code < 300:
        return done(True, response.status_code, None)
    return done(False, response.status_code, f"HTTP {response.status_code}")


class Sender:
    def __init__(self, db: Any, policy: Policy, maintenance: tuple[Callable[..., Any], ...] = ()) -> None:
        self.db = db
        self.policy = policy
        # Hourly housekeeping writes (``fn(session)``): old deliveries, expired idempotency keys.
        self.maintenance = (outbox.prune_for(policy), *maintenance)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    def wake(self) -> None:
        self._wake.set()

    @property
    def client(self) -> httpx.AsyncClient:
        # Made on first use: building its TLS context costs tens of milliseconds.
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, trust_env=False)
        return self._client

    def start(self, run: bool = True) -> None:
        """With ``run``, start the background loop (pings work either way)."""
        if run:
            self._task = asyncio.create_task(self._run(), name="webhook-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    async def send_now(self, job: Job) -> Result:
        """Send one delivery at once (a test ping) and record it without retries."""
        result = await send(self.client, job, self.policy)
        await self.db.write(outbox.record, [result], self.policy, False)
        return result

    async def _run(self) -> None:
        await self._warn_if_paused()
        last_prune = 0.0
        wait = self.policy.poll_seconds
        while True:
            # asyncio.timeout, not wait_for: Python 3.11's wait_for swallows a cancel that comes as
            # the wake-up does (an event just before shutdown), and stop() then waits for ever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wake.wait()
            self._wake.clear()
            wait = self.policy.poll_seconds
            try:
                await self._drain()
                # Sleep until the next retry is due (if sooner than the poll), not a poll longer.
                due = await self.db.read(outbox.next_due)
                if due is not None:
                    wait = min(wait, max(0.01, due - time.time()))
                if time.monotonic() - last_prune > PRUNE_EVERY:
                    last_prune = time.monotonic()
                    for job in self.maintenance:
                        await self.db.write(job)
            except asyncio.CancelledError:
                raise
            except ServiceUnavailable as exc:  # down or stalled: db logged it; the rows wait for it
                log.warning("webhook sender waits for the database (%s); retrying in %s s", exc, wait)
            except Exception:  # the loop must survive a database hiccup; the rows wait for it
                log.exception("webhook sender failed; retrying in %s s", self.policy.poll_seconds)

    async def _warn_if_paused(self) -> None:
        try:
            paused = await self.db.read(pause.paused)
        except Exception:  # a database not migrated yet, or down: the loop reports it soon enough
            return
        if paused:
            log.warning(
                "webhook sending is PAUSED (this database was restored from a backup): deliveries stay "
                "queued until an admin runs `punchclock webhooks resume` "
                "or POST /api/v1/webhooks/sending/resume"
            )

    async def _drain(self) -> None:
        while True:
            jobs = await self.db.write(outbox.claim, self.policy)
            if not jobs:
                return
            results = await asyncio.gather(*(send(self.client, job, self.policy) for job in jobs))
            await self.db.write(outbox.record, list(results), self.policy)
