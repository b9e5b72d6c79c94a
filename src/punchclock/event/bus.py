"""Getting committed events to every process's hub: directly, or through Redis pub/sub.

Notes:
The sink runs in the database worker thread right after a commit. Without Redis it hands the batch
to this process's event loop. With ``PUNCHCLOCK_REDIS_URL`` it publishes the batch on one channel
and every instance, this one included, delivers what it receives, so a change committed through
instance A reaches sockets on instance B (and wakes B's webhook sender). If publishing fails the
batch is still delivered locally, and the other instances' sockets must not go on believing they
saw every change: the publisher remembers that it missed, and once Redis answers again a *resync*
message goes out on the channel, which every instance turns into a ``resync`` to each of its sockets.
Pub/sub keeps nothing for a subscriber that was away; after the subscription comes back (confirmed
by Redis, not merely sent), every socket is told to resync (refetch) once. A subscription that
stalls without an error (a hung connection) is caught by a ping that gets no answer in time.
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


RESYNC_WIRE = b'{"r":1}'
PING_SECONDS = 5.0


def encode(batch: Batch) -> bytes:
    return orjson.dumps({"e": [e.to_wire() for e in batch.events], "o": batch.outbox})


def decode(data: bytes | str) -> Batch | None:
    """The batch on the wire; None for a resync message."""
    raw = orjson.loads(data)
    if raw.get("r"):
        return None
    return Batch([Event.from_wire(e) for e in raw["e"]], bool(raw["o"]))


class Publisher:
    """Publishes batches to Redis from any thread; False when that failed.

    It runs on every write's path: after a failure it does not try again for RETRY_AFTER seconds,
    so a Redis outage costs one timeout, not one per write.
    """

    RETRY_AFTER = 5.0

    def __init__(self, redis_url: str, channel: str, timeout: float = 2.0) -> None:
        self._client = redis.Redis.from_url(redis_url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self.channel = channel
        self._down_until = 0.0
        # Set when a batch did not reach the channel: other instances owe their sockets a resync.
        self.missed = False

    def __call__(self, batch: Batch) -> bool:
        if time.monotonic() < self._down_until:
            self.missed = True
            return False
        try:
            if self.missed:
                self._client.publish(self.channel, RESYNC_WIRE)
                self.missed = False
            self._client.publish(self.channel, encode(batch))
            return True
        except (redis.RedisError, OSError) as exc:
            self.missed = True
            self._down_until = time.monotonic() + self.RETRY_AFTER
            log.warning("could not publish %d event(s) to Redis: %s", len(batch.events), exc)
            return False

    def take_missed(self) -> bool:
        """Whether a batch missed the channel since the last call (the listener then sends a resync)."""
        missed, self.missed = self.missed, False
        return missed

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
        timeout: float = 2.0,
    ) -> None:
        self.loop = loop
        self.deliver = deliver
        self.publisher = Publisher(redis_url, channel, timeout) if redis_url else None

    def __call__(self, batch: Batch) -> None:
        if self.publisher is not None and self.publisher(batch):
            return
        self.loop.call_soon_threadsafe(self.deliver, batch)


async def listen(
    redis_url: str,
    channel: str,
    deliver: Callable[[Batch], None],
    resync: Callable[[], None],
    publisher: Publisher | None = None,
    timeout: float = 2.0,
) -> None:
    """Deliver every batch published on the channel, reconnecting with back-off; runs until cancelled.

    Also sends the channel a resync message when this process's ``publisher`` missed it.
    """
    delay = 0.5
    first = True
    while True:
        client = aioredis.Redis.from_url(redis_url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(channel)
                await _pump(pubsub, client, channel, deliver, resync, publisher, timeout, first)
        except asyncio.CancelledError:
            raise
        except (redis.RedisError, OSError, TimeoutError) as exc:
            log.warning("Redis subscription lost (%s); retrying in %.1f s", exc or type(exc).__name__, delay)
            first = False
        finally:
            with contextlib.suppress(Exception):
                await client.aclose()
        await asyncio.sleep(delay)
        delay = min(delay * 2, 10.0)


async def _pump(
    pubsub: aioredis.client.PubSub,
    client: aioredis.Redis,
    channel: str,
    deliver: Callable[[Batch], None],
    resync: Callable[[], None],
    publisher: Publisher | None,
    timeout: float,
    first: bool,
) -> None:
    heard = time.monotonic()
    pinged = False
    while True:
        message = await pubsub.get_message(timeout=1.0)
        now = time.monotonic()
        if message is not None:
            heard, pinged = now, False
            kind = message.get("type")
            if kind == "subscribe" and not first:
                resync()  # whatever was published while we were away is lost to us
            elif kind == "message":
                _receive(message["data"], channel, deliver, resync)
        if publisher is not None and publisher.take_missed():
            try:
                await client.publish(channel, RESYNC_WIRE)
            except BaseException:
                publisher.missed = True  # sent after the reconnect
                raise
        if not pinged and now - heard > PING_SECONDS:
            await pubsub.ping()
            pinged = True
        elif pinged and now - heard > PING_SECONDS + timeout:
            raise redis.ConnectionError("the subscription did not answer a ping")


def _receive(data: bytes, channel: str, deliver: Callable[[Batch], None], resync: Callable[[], None]) -> None:
    try:
        batch = decode(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        log.warning("ignored a malformed message on %s", channel)
        return
    if batch is None:
        resync()
    else:
        deliver(batch)
