"""Stopping the webhook sender: a wake-up that comes with the cancel (an event just before
shutdown) does not keep it running, so the app's shutdown never waits for ever."""

from __future__ import annotations

import asyncio

from punchclock.webhook.outbox import Policy
from punchclock.webhook.sender import Sender


def test_a_stop_right_after_a_wake_up_ends_the_loop(db):
    async def run() -> None:
        sender = Sender(db, Policy())
        sender.start()
        await asyncio.sleep(0.5)  # past its first read: waiting to be woken
        sender.wake()
        await asyncio.sleep(0)  # the wait is over; the loop has not run on yet
        stopping = asyncio.ensure_future(sender.stop())
        done, _ = await asyncio.wait({stopping}, timeout=5)
        assert done, "stop() still waits for the loop"
        assert sender._task is not None
        assert sender._task.done()

    asyncio.run(run())
