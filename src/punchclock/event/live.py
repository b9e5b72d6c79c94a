"""Starting and stopping a server process's event machinery: hub, sink, Redis listener, sender, and
the background jobs (punchclock.jobs)."""

from __future__ import annotations

import asyncio
import contextlib
from types import SimpleNamespace
from typing import Any

from punchclock.auth.deps import authenticate
from punchclock.auth.scopes import Principal
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.errors import AppError
from punchclock.event import bus
from punchclock.event.hub import RESYNC, Hub
from punchclock.event.schemas import Batch
from punchclock.idempotency import service as idempotency_service
from punchclock.jobs import Runner
from punchclock.webhook.outbox import Policy
from punchclock.webhook.sender import Sender


def policy_from(settings: Settings) -> Policy:
    return Policy(
        timeout=settings.webhook_timeout_seconds,
        max_attempts=settings.webhook_max_attempts,
        retry_seconds=settings.webhook_retry_seconds,
        disable_after=settings.webhook_disable_after,
        allow_private=settings.webhook_allow_private,
        poll_seconds=settings.webhook_poll_seconds,
    )


class Live:
    """One per app: ``app.state.hub`` and ``app.state.webhook_sender`` come from here."""

    def __init__(self, app: Any, settings: Settings, db: Database) -> None:
        self.app = app
        self.settings = settings
        self.db = db
        self.hub = Hub(
            self._verify,
            settings.ws_heartbeat_seconds,
            settings.ws_max_lifetime_seconds,
            settings.ws_queue_limit,
        )
        self.sender = Sender(db, policy_from(settings), maintenance=(idempotency_service.prune,))
        self.jobs = Runner(db, settings)
        self._listener: asyncio.Task[None] | None = None
        self._sink: bus.Sink | None = None

    async def _verify(self, token: str, fresh: bool) -> Principal | None:
        try:
            # authenticate() reads only .app.state of the connection it is given.
            return await authenticate(SimpleNamespace(app=self.app), token, fresh)  # type: ignore[arg-type]
        except AppError:
            return None

    def deliver(self, batch: Batch) -> None:
        self.hub.dispatch(batch.events)
        if batch.outbox:
            self.sender.wake()

    async def start(self) -> None:
        channel = bus.channel_for(self.settings.resolved_secret())
        timeout = self.settings.redis_timeout_seconds
        self._sink = bus.Sink(
            asyncio.get_running_loop(), self.deliver, self.settings.redis_url, channel, max(timeout, 1.0)
        )
        self.db.event_sink = self._sink
        self.hub.start()
        self.sender.start(run=self.settings.webhook_sender)
        self.jobs.start()
        if self.settings.redis_url:
            self._listener = asyncio.create_task(
                bus.listen(
                    self.settings.redis_url,
                    channel,
                    self.deliver,
                    lambda: self.hub.broadcast(RESYNC),
                    self._sink.publisher,
                    max(timeout, 1.0),
                )
            )

    async def stop(self) -> None:
        self.db.event_sink = None
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self.hub.stop()
        await self.jobs.stop()
        await self.sender.stop()
        if self._sink is not None and self._sink.publisher is not None:
            self._sink.publisher.close()
