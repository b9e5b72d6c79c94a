"""The Redis publisher on the write path: an outage costs one timeout, not one per write."""

from __future__ import annotations

import socket
import time

from punchclock.event.bus import Publisher, decode, encode
from punchclock.event.schemas import Batch, Event


def test_after_a_failure_the_publisher_does_not_wait_on_redis_again_for_a_while():
    # A "Redis" that accepts connections and never answers: each publish would wait its timeout.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        publisher = Publisher(f"redis://127.0.0.1:{port}/0", "punchclock:test:events")
        batch = Batch([Event("time_entry.created", 1, 1, {"id": 1})])
        assert publisher(batch) is False  # one timeout
        started = time.monotonic()
        for _ in range(5):
            assert publisher(batch) is False
        assert time.monotonic() - started < 0.5  # not five more


def test_batches_survive_the_wire():
    event = Event("timer.started", 3, 4, {"id": 7, "notes": "é"}, cursor=12.5)
    again = decode(encode(Batch([event], outbox=True)))
    assert again.outbox is True
    assert again.events[0].to_wire() == event.to_wire()
