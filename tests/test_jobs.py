"""The background jobs' loop (punchclock.jobs): one holder per job lease, failures logged and survived,
a database that is down answered 503 by the reminder routes and waited out by the loop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from punchclock import jobs
from punchclock.app import create_app
from punchclock.config import Settings
from punchclock.db import Database, Timeouts
from punchclock.models import JobLease
from punchclock.token import service as token_service
from punchclock.user import service as user_service
from tests.conftest import _truncate
from tests.faultproxy import FaultProxy, fault_proxy


def _lease(db: Database, name: str) -> tuple[str, float]:
    row = db.call(
        lambda s: s.execute(select(JobLease.holder, JobLease.until).where(JobLease.name == name)).one()
    )
    return row.holder, row.until


def test_the_migration_seeds_the_reminder_jobs(tmp_path):
    db = Database(f"sqlite:///{tmp_path}/fresh.db")
    db.migrate()
    names = db.call(lambda s: list(s.scalars(select(JobLease.name).order_by(JobLease.name))))
    assert (
        {job.name for job in jobs.JOBS}
        == set(names)
        == {"reminder.deliver", "reminder.scan", "worktime.refresh"}
    )
    assert _lease(db, "reminder.scan") == ("", 0.0)
    db.dispose()


def test_a_lease_has_one_holder_until_it_expires(db):
    assert db.call(jobs.take_lease, "reminder.scan", "a", 60.0)
    assert not db.call(jobs.take_lease, "reminder.scan", "b", 60.0)
    assert db.call(jobs.take_lease, "reminder.scan", "a", 60.0)  # the holder renews it
    holder, until = _lease(db, "reminder.scan")
    assert holder == "a"
    assert until > time.time() + 55
    db.call(lambda s: s.execute(update(JobLease).values(until=time.time() - 1)))  # a dies; time passes
    assert db.call(jobs.take_lease, "reminder.scan", "b", 60.0)
    assert not db.call(jobs.take_lease, "reminder.scan", "a", 60.0)
    # A job without its row (a database emptied by hand) gets one, held by the first to ask.
    assert db.call(jobs.take_lease, "no.such.job", "a", 60.0)
    assert not db.call(jobs.take_lease, "no.such.job", "b", 60.0)


def _runner(db: Database, settings: Settings, *fns: Any) -> jobs.Runner:
    names = ("reminder.scan", "reminder.deliver")
    return jobs.Runner(db, settings, tuple(jobs.Job(n, f) for n, f in zip(names, fns, strict=False)))


def test_a_failing_job_is_logged_and_the_others_still_run(db, settings, caplog):
    ran = []

    async def broken(db: Any, settings: Any) -> None:
        raise RuntimeError("a bug")

    async def fine(db: Any, settings: Any) -> None:
        ran.append(True)

    runner = _runner(db, settings, broken, fine)
    with caplog.at_level(logging.ERROR, logger="punchclock.jobs"):
        assert asyncio.run(runner.tick()) == ["reminder.scan", "reminder.deliver"]
    assert ran == [True]
    assert "job reminder.scan failed" in caplog.text
    # Another instance wins no lease while this one holds them.
    assert asyncio.run(_runner(db, settings, fine, fine).tick()) == []
    assert ran == [True]


def test_the_loop_runs_only_when_jobs_are_on(settings, db):
    for on in (True, False):
        app = create_app(settings.model_copy(update={"jobs": on}), database=db)
        with TestClient(app):
            assert (app.state.jobs._task is not None) is on
        assert app.state.jobs._task is None or app.state.jobs._task.done()


def test_jobs_poll_every_interval(settings, db):
    calls = []

    async def count(db: Any, settings: Any) -> None:
        calls.append(time.monotonic())

    async def main() -> None:
        runner = _runner(db, settings.model_copy(update={"jobs_poll_seconds": 0.05}), count)
        runner.start()
        await asyncio.sleep(0.4)
        await runner.stop()

    asyncio.run(main())
    assert len(calls) >= 3


@pytest.fixture
def pg_proxy(pg_database: str) -> Iterator[tuple[FaultProxy, str]]:
    url = make_url(pg_database)
    with fault_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)


def test_with_the_database_down_jobs_wait_and_routes_answer_503(tmp_path, pg_proxy, caplog):
    proxy, url = pg_proxy
    settings = Settings(
        data_dir=tmp_path / "data", database_url=url, secret_key="jobs-secret-" + "x" * 32,
        access_log=False, auth_cache_seconds=0, db_connect_timeout_seconds=2,
    )  # fmt: skip
    db = Database(url, pool_size=2, timeouts=Timeouts.from_settings(settings))
    _truncate(db)
    user = db.call(user_service.create, "alice", "password123", "member")
    _, raw = db.call(token_service.create, user, "t", ["read:time_entries", "write:time_entries"], "", None)
    headers = {"Authorization": f"Bearer {raw}"}
    try:
        with TestClient(create_app(settings, database=db), raise_server_exceptions=False) as client:
            assert client.get("/api/v1/notifications", headers=headers).status_code == 200
            proxy.kill()
            with caplog.at_level(logging.WARNING):
                for method, path in (
                    ("GET", "/api/v1/notifications"),
                    ("POST", "/api/v1/notifications/read-all"),
                    ("GET", "/api/v1/reminder-settings"),
                ):
                    res = client.request(method, path, headers=headers)
                    assert res.status_code == 503, res.text
                assert asyncio.run(jobs.Runner(db, settings).tick()) == []
            assert "waits for the database" in caplog.text
            assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
            proxy.revive()
            deadline = time.monotonic() + 5
            while client.get("/api/v1/notifications", headers=headers).status_code != 200:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert asyncio.run(jobs.Runner(db, settings).tick()) == [job.name for job in jobs.JOBS]
    finally:
        db.dispose()


def test_the_worktime_job_folds_the_day_cache_of_users_whose_entries_changed(api, db, settings):
    from punchclock.balance import days
    from punchclock.kit.timeutil import now_ts
    from punchclock.models import WorkDayState

    alice = api.user("member", name="alice")
    body = {"start_time": "2026-11-16T09:00:00Z", "end_time": "2026-11-16T12:00:00Z"}
    assert api.post("/api/v1/time-entries", json=body, headers=api.headers(alice)).status_code == 201
    assert alice.id in db.call(days.stale, 100, write=False)
    job = next(j for j in jobs.JOBS if j.name == "worktime.refresh")
    assert asyncio.run(job.run(db, settings)) >= 1
    assert db.call(days.stale, 100, write=False) == []
    state = db.call(lambda s: s.get(WorkDayState, alice.id), write=False)
    assert state.zone == "UTC"
    assert db.call(days.refresh, alice.id, now_ts()) is False  # nothing left to fold
