"""Background jobs: one loop per server process, each job run by one instance at a time.

Notes:
Every ``jobs_poll_seconds`` the loop goes through ``JOBS`` and runs each whose lease it wins: an
``UPDATE job_leases SET holder = me, until = now + ttl WHERE name = :job AND (until < now OR holder
= me)`` that changes one row. The holder renews its lease each tick, so a job stays with one
instance while it lives and moves to another within ``ttl`` after it dies. The lease only spares
the others the work: what must happen once is guarded where it happens (the reminders' unique key
and claims), so two instances running a job at once stay correct.
A job that fails (a bug, a database that is down) is logged and tried again at the next tick; the
loop never stops for it, and no request ever waits for it. The first tick comes one interval after
start-up, so starting a server (or a test) does not begin with background writes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from punchclock.balance import days
from punchclock.config import Settings
from punchclock.errors import ServiceUnavailable
from punchclock.kit.timeutil import now_ts
from punchclock.models import JobLease
from punchclock.reminder import deliver, scan

log = logging.getLogger("punchclock.jobs")


@dataclass(frozen=True, slots=True)
class Job:
    name: str  # its row in job_leases (seeded by the migration that brings the job)
    run: Callable[[Any, Settings], Awaitable[object]]


async def _reminder_scan(db: Any, settings: Settings) -> object:
    return await db.write(scan.step)


async def _reminder_deliver(db: Any, settings: Settings) -> object:
    return await deliver.step(db, settings)


async def _worktime_refresh(db: Any, settings: Settings) -> object:
    """Fold the working-time day cache of users whose entries changed: each read in a read
    transaction and stored in a short write of its own, so no write waits on the folding."""
    done = 0
    for user_id in await db.read(days.stale, 50):
        done += await db.write(days.store, await db.read(days.prepare, user_id, now_ts()))
    return done


JOBS = (
    Job("reminder.scan", _reminder_scan),
    Job("reminder.deliver", _reminder_deliver),
    Job("worktime.refresh", _worktime_refresh),
)


def take_lease(session: Session, name: str, holder: str, ttl: float) -> bool:
    """Hold the job's lease for ``ttl`` seconds if it is free, expired or already ours. A job whose
    row is missing (a database emptied by hand) gets one, held by whoever inserts it first."""
    now = time.time()
    stmt = (
        update(JobLease)
        .where(JobLease.name == name, (JobLease.until < now) | (JobLease.holder == holder))
        .values(holder=holder, until=now + ttl)
    )
    if session.execute(stmt).rowcount == 1:  # type: ignore[attr-defined]
        return True
    make = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    new = make(JobLease).values(name=name, holder=holder, until=now + ttl).on_conflict_do_nothing()
    return session.execute(new.returning(JobLease.name)).first() is not None


class Runner:
    def __init__(self, db: Any, settings: Settings, jobs: tuple[Job, ...] = JOBS) -> None:
        self.db = db
        self.settings = settings
        self.jobs = jobs
        self.me = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        # Long enough to outlive a tick's pause; short enough that a dead holder is replaced soon.
        self.ttl = 2 * settings.jobs_poll_seconds + 30
        self.loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        if self.settings.jobs:
            self._task = asyncio.create_task(self._run(), name="jobs")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def tick(self) -> list[str]:
        """Run every job whose lease this process wins; the names of those run."""
        ran = []
        for job in self.jobs:
            try:
                if not await self.db.write(take_lease, job.name, self.me, self.ttl):
                    continue
                ran.append(job.name)
                await job.run(self.db, self.settings)
            except asyncio.CancelledError:
                raise
            except ServiceUnavailable as exc:  # down or stalled: db logged it; the job waits for it
                log.warning("job %s waits for the database (%s)", job.name, exc)
            except Exception:  # a job's bug must not stop the others, nor the next tick
                log.exception("job %s failed; it runs again at the next tick", job.name)
        return ran

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.jobs_poll_seconds)
            await self.tick()
