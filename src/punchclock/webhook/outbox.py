"""The sender's side of the outbox: claim due deliveries, record what happened, back off, disable.

Notes:
Delivery is at least once: a sender that dies after sending but before recording leaves the row
claimed until its lease ends, and then it is sent again. Receivers de-duplicate by the
``X-Punchclock-Delivery`` header (or the body's event ``id``).
Retries back off exponentially (retry_seconds * 2^(attempt-1), capped at six hours, with jitter);
after ``max_attempts`` a delivery is marked failed. ``disable_after`` failed attempts in a row
disable the hook, and a ``webhook.disabled`` row in its deliveries tells the owner why.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from punchclock.models import WebhookDelivery
from punchclock.webhook import pause, repository

MAX_BACKOFF = 6 * 3600.0
CLAIM_BATCH = 20


@dataclass(frozen=True, slots=True)
class Policy:
    timeout: float = 10.0
    max_attempts: int = 8
    retry_seconds: float = 30.0
    disable_after: int = 10
    allow_private: bool = False
    poll_seconds: float = 5.0
    keep_days: int = 30


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    webhook_id: int
    event: str
    payload: str
    attempts: int
    url: str
    secret: str


@dataclass(frozen=True, slots=True)
class Result:
    job: Job
    ok: bool
    status: int | None
    error: str | None
    duration_ms: int


def claim(session: Session, policy: Policy) -> list[Job]:
    if pause.paused(session):  # deliveries stay pending until an admin resumes (webhook.pause)
        return []
    now = time.time()
    rows = repository.claim_due(session, now, CLAIM_BATCH, lease=policy.timeout + 30)
    return [Job(*row) for row in rows]


def next_due(session: Session) -> float | None:
    if pause.paused(session):  # nothing is due: the sender polls at its usual pace meanwhile
        return None
    return repository.next_due(session)


def backoff(policy: Policy, attempts: int) -> float:
    delay = min(MAX_BACKOFF, policy.retry_seconds * 2 ** (attempts - 1))
    return delay * random.uniform(0.8, 1.2)


def record(session: Session, results: list[Result], policy: Policy, retry: bool = True) -> None:
    now = time.time()
    for result in results:
        delivery = repository.get_delivery(session, result.job.id)
        hook = repository.lock_hook(session, result.job.webhook_id)
        if delivery is None or hook is None:
            continue  # the hook was deleted meanwhile
        delivery.attempts += 1
        delivery.last_attempt_at = int(now)
        delivery.response_status = result.status
        delivery.error = result.error
        delivery.duration_ms = result.duration_ms
        delivery.locked_until = 0.0
        if result.ok:
            delivery.status = "delivered"
            hook.failure_count = 0
            continue
        if retry and delivery.attempts < policy.max_attempts:
            delivery.next_attempt_at = now + backoff(policy, delivery.attempts)
        else:
            delivery.status = "failed"
        hook.failure_count += 1
        if hook.active and hook.failure_count >= policy.disable_after:
            _disable(session, hook, result, now)
    session.flush()


def _disable(session: Session, hook: Any, result: Result, now: float) -> None:
    reason = (
        f"Disabled after {hook.failure_count} failed deliveries in a row "
        f"(last: {result.error or result.status}). Fix the receiver, then set active to true."
    )
    hook.active = False
    hook.disabled_reason = reason
    session.add(
        WebhookDelivery(
            webhook_id=hook.id, event_id="", event="webhook.disabled", payload="{}", status="failed",
            attempts=0, next_attempt_at=now, locked_until=0.0, error=reason, created_at=int(now),
        )
    )  # fmt: skip


def prune_for(policy: Policy) -> Callable[[Session], int]:
    """Housekeeping: forget finished deliveries older than ``keep_days``."""

    def prune(session: Session) -> int:
        return repository.prune_deliveries(session, int(time.time()) - policy.keep_days * 86400)

    return prune
