"""Two server instances on one PostgreSQL database: a reminder is made once, mailed once, and its
webhook delivered once, however the instances race."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from sqlalchemy import func, select

from punchclock import app as app_module
from punchclock import jobs
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.models import Notification
from punchclock.reminder import deliver, scan
from punchclock.user import service as user_service
from tests.cli.test_serve import free_port
from tests.live import Socket, login
from tests.mailbox import running as mail_server
from tests.reminder.helpers import hook, person, webhook_deliveries, work_model
from tests.webhook.receiver import receiving

EVERY_DAY = [28800] * 7


@contextmanager
def serving(settings: Settings, db: Database) -> Iterator[tuple[str, Any]]:
    """As tests.live.running, yielding the app too (its job runner is what the test ticks)."""
    port = free_port()
    app = app_module.create_app(settings, database=db)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="websockets-sansio")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive(), "the server thread died"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(15)


class Api:
    """What tests.reminder.helpers needs of the api fixture: a database and users."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._n = 0

    def user(self, role: str = "member", name: str | None = None) -> Any:
        return self.db.call(user_service.create, name or f"u{self._n}", "password123", role)


def _count(db: Database) -> int:
    return int(db.call(lambda s: s.scalar(select(func.count()).select_from(Notification))))


def _at_once(*work: Any) -> list[Any]:
    """Run each callable in its own thread, released together by a barrier; their results."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.fixture
def two_dbs(pg_db: Database) -> Iterator[tuple[Database, Database]]:
    other = Database(pg_db.url, pool_size=5)
    yield pg_db, other
    other.dispose()


@pytest.fixture
def alice(two_dbs: tuple[Database, Database]) -> Any:
    api = Api(two_dbs[0])
    user = person(
        api, "alice", email="alice@example.com", nothing_by_minute=0, by_email=True, by_webhook=True
    )
    work_model(api, user, EVERY_DAY, since="2020-01-06")
    return api, user


def test_two_servers_ticking_at_once_make_one_notification_one_mail_one_webhook(tmp_path, two_dbs, alice):
    api, user = alice
    with mail_server() as mailbox, receiving() as receiver:
        hook(api, user, receiver.url)
        settings = Settings(
            data_dir=tmp_path / "data", database_url=two_dbs[0].url, secret_key="two-" + "x" * 40,
            access_log=False, auth_cache_seconds=0, jobs_poll_seconds=3600, webhook_allow_private=True,
            webhook_poll_seconds=0.2, **mailbox.settings,
        )  # fmt: skip
        with (
            serving(settings, two_dbs[0]) as (base_a, app_a),
            serving(settings, two_dbs[1]) as (base_b, app_b),
        ):
            token = login(base_a, "alice")
            sockets = [Socket(base_a, token).start(), Socket(base_b, token).start()]
            runners = [app_a.state.jobs, app_b.state.jobs]

            def tick(runner: Any) -> list[str]:
                return asyncio.run_coroutine_threadsafe(runner.tick(), runner.loop).result(30)

            ran = _at_once(lambda: tick(runners[0]), lambda: tick(runners[1]))
            # Each job ran on one instance only (both on one, or one on each).
            assert sorted(name for names in ran for name in names) == sorted(job.name for job in jobs.JOBS)
            # Deliver may have run before scan made the reminder: the next tick delivers it.
            _at_once(lambda: tick(runners[0]), lambda: tick(runners[1]))
            assert _count(two_dbs[0]) == 1
            (message,) = mailbox.wait(1)
            assert message["To"] == "alice@example.com"
            (delivery,) = receiver.wait(1)
            assert delivery.headers["X-Punchclock-Event"] == "reminder.nothing_tracked"
            events = [e for s in sockets for e in s.events(1.0) if e["event"].startswith("reminder.")]
            assert [e["event"] for e in events] == ["reminder.nothing_tracked"]
            # Later ticks, on either instance, find the same key: nothing more.
            _at_once(lambda: tick(runners[0]), lambda: tick(runners[1]))
            time.sleep(0.5)
            assert _count(two_dbs[0]) == 1
            assert len(mailbox.messages) == 1
            assert len(receiver.requests) == 1
            for s in sockets:
                s.close()


def test_without_the_lease_two_scanners_and_senders_still_make_and_send_once(tmp_path, two_dbs, alice):
    """The lease only saves work: both instances scanning and claiming at once still make one row
    (its unique key) and send it once (the claim)."""
    api, user = alice
    with mail_server() as mailbox:
        hook(api, user)
        settings = Settings(
            data_dir=tmp_path / "data", database_url=two_dbs[0].url, secret_key="two-" + "x" * 40,
            **mailbox.settings,
        )  # fmt: skip
        now = int(time.time())
        made = _at_once(*(lambda db=db: db.call(scan.step, now) for db in two_dbs))
        assert sorted(map(len, made)) == [0, 1]
        sent = _at_once(*(lambda db=db: asyncio.run(deliver.step(db, settings, now)) for db in two_dbs))
        assert sorted(sent) == [0, 1]
        assert len(mailbox.wait(1)) == 1
        time.sleep(0.3)
        assert len(mailbox.messages) == 1
        assert webhook_deliveries(two_dbs[0]) == 1
