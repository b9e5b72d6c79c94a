"""The sender turns every way a send can fail into a recorded failure, never an escaped exception."""

from __future__ import annotations

import asyncio

import httpx

from punchclock.webhook.outbox import Job, Policy
from punchclock.webhook.sender import send

JOB = Job(1, 1, "webhook.ping", "{}", 0, "http://127.0.0.1:9/hook", "whsec_x")
POLICY = Policy(timeout=2, allow_private=True)


def test_an_unexpected_error_is_a_failed_attempt():
    def boom(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("the transport broke")

    async def run():
        async with httpx.AsyncClient(transport=httpx.MockTransport(boom)) as client:
            return await send(client, JOB, POLICY)

    result = asyncio.run(run())
    assert result.ok is False
    assert result.error is not None
    assert "RuntimeError" in result.error


def test_a_refused_address_and_a_closed_port_are_failed_attempts():
    async def run(job: Job, policy: Policy):
        async with httpx.AsyncClient() as client:
            return await send(client, job, policy)

    refused = asyncio.run(run(JOB, Policy(timeout=2, allow_private=False)))
    assert refused.ok is False
    assert refused.error.startswith("refused:")
    closed = asyncio.run(run(JOB, POLICY))  # nothing listens on port 9
    assert closed.ok is False
    assert closed.status is None
