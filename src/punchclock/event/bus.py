"""Getting committed events to every process's hub: directly, or through Redis pub/sub.

Notes:
The sink runs in the database worker thread right after a commit. Without Redis it hands the batch
to this process's event loop. With ``PUNCHCLOCK_REDIS_URL`` it publishes the batch on one channel
and every instance, this one included, delivers what it receives, so a change committed through
instance A reaches sockets on instance B (and wakes B's webhook sender). If publishing fails the
batch is still delivered locally. Pub/sub keeps nothing for a subscriber that was away; after the
subscription comes back, every socket is told to resync (refetch) once.
The CLI publishes too (``publisher``), so its imports and edits reach running servers' sockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

import orjson
import redis
import redis.asyncio as aioredis

from punchclock.event.schemas import Batch, Event
from punchclock.kit.secret import deployment_id

log = logging.getLogger("punchclock.events")


def channel_for(secret: str) -> str:
    """One channel per deployment: its instances share the server secret, other deployments don't."""
    return f"punchclock:{deployment_id(secret)}:events"


def encode(batch: Batch) -> bytes:
    return orjson.dumps({"e": [e.to_wire() for e in batch.events], "o": batch.outbox})


def decode(data: bytes | str) -> Batch:
    raw = orjson.loads(data)
    return Batch([Event.from_wire(e) for e in raw["e"]], bool(raw["o"]))


class Publisher:
    """Publishes batches to Redis from any thread; False when that failed.

    It runs on every write's path: after a failure it does not try again for RETRY_AFTER seconds,
    so a Redis outage costs one timeout, not one per write.
    """

    RETRY_AFTER = 5.0

    def __init__(self, redis_url: str, channel: str) -> None:
        self._client = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=2)
        self.channel = channel
        self._down_until = 0.0

    def __call__(self, batch: Batch) -> bool:
        if time.monotonic() < self._down_until:
            return False
        try:
            self._client.publish(self.channel, encode(batch))
            return True
        except redis.RedisError as exc:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            log.warning("could not publish %d event(s) to Redis: %s", len(batch.events), exc)
            return False

    def close(self) -> None:
        self._client.close()


class Sink:
    """Database.event_sink for a server process."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        deliver: Callable[[Batch], None],
        redis_url: str | None,
        channel: str,
    ) -> None:
        self.loop = loop
        self.deliver = deliver
        self.publisher = Publisher(redis_url, channel) if redis_url else None

    def __call__(self, batch: Batch) -> None:
        if self.publisher is not None and self.publisher(batch):
            return
        self.loop.call_soon_threadsafe(self.deliver, batch)


async def listen(
    redis_url: str, channel: str, deliver: Callable[[Batch], None], resync: Callable[[], None]
) -> None:
    """Deliver every batch published on the channel, reconnecting with back-off; runs until cancelled."""
    delay = 0.5
    first = True
    while True:
        client = aioredis.Redis.from_url(redis_url)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                if not first:
                    resync()  # whatever was published while we were away is lost to us
                first, delay = False, 0.5
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        try:
                            deliver(decode(message["data"]))
                        except (ValueError, KeyError, TypeError):
                            log.warning("ignored a malformed message on %s", channel)
        except asyncio.CancelledError:
            raise
        except (redis.RedisError, OSError) as exc:
            log.warning("Redis subscription lost (%s); retrying in %.1f s", exc, delay)
            first = False
        finally:
            with contextlib.suppress(Exception):
                await client.aclose()
        await asyncio.sleep(delay)
        delay = min(delay * 2, 10.0)
