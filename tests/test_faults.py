"""Faults in front of the real PostgreSQL and Redis (tests/faultproxy.py): the app degrades, answers
503 rather than 500, recovers without a restart, and never commits a write it answered 503 for."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from punchclock.app import create_app
from punchclock.config import Settings
from punchclock.db import Database, Timeouts
from punchclock.token import service as token_service
from punchclock.user import service as user_service
from tests.conftest import IN_CI, _truncate
from tests.faultproxy import FaultProxy, fault_proxy
from tests.live import Socket, running

# They share one Redis database with other tests: one xdist worker runs them all, one after another.
pytestmark = pytest.mark.xdist_group("redis")

REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def redis_proxy() -> Iterator[FaultProxy]:
    try:
        redis.Redis(*REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail("Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis not available")
    with fault_proxy(*REDIS) as proxy:
        yield proxy


def _token(db: Database, role: str = "admin") -> dict[str, str]:
    user = db.call(user_service.create, f"u{uuid.uuid4().hex[:8]}", "password123", role)
    _, raw = db.call(token_service.create, user, "t", "admin:all", "", None)
    return {"Authorization": f"Bearer {raw}"}


# Redis


def test_with_redis_down_requests_and_logins_still_work_counted_per_process(
    settings, db, redis_proxy, caplog
):
    app = create_app(
        settings.model_copy(
            update={"redis_url": redis_proxy.url("redis://127.0.0.1:{port}/15"), "redis_timeout_seconds": 0.3}
        ),
        database=db,
    )
    headers = _token(db)
    db.call(user_service.create, "alice", "password123", "member")
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/api/v1/users/me", headers=headers).status_code == 200
        redis_proxy.kill()
        with caplog.at_level(logging.WARNING, logger="punchclock.redis"):
            answers = [client.get("/api/v1/users/me", headers=headers) for _ in range(5)]
            login = client.post("/api/v1/auth/session", json={"username": "alice", "password": "password123"})
        assert [r.status_code for r in answers] == [200] * 5
        assert all("x-ratelimit-remaining" in r.headers for r in answers)  # still counted, per process
        assert login.status_code == 200, login.text
        assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1  # logged once
        ready = client.get("/api/v1/ready").json()
        assert ready["redis"] == "unavailable"
        assert ready["status"] == "ready"
        redis_proxy.revive()
        time.sleep(2.1)  # FallbackCounters.RETRY_SECONDS
        assert client.get("/api/v1/users/me", headers=headers).status_code == 200
        assert client.get("/api/v1/ready").json()["redis"] == "ok"


def test_a_socket_on_another_instance_gets_a_resync_for_events_lost_while_redis_was_down(
    settings, db, redis_proxy
):
    """Instance A cannot publish while Redis is down: B's socket must be told to resync."""
    base = settings.model_copy(
        update={"redis_url": redis_proxy.url("redis://127.0.0.1:{port}/15"), "redis_timeout_seconds": 0.3}
    )
    # B listens to Redis directly (its subscription stays up); A's publishes go through the proxy.
    on_b = base.model_copy(update={"redis_url": "redis://127.0.0.1:6379/15"})
    headers = _token(db)
    token = headers["Authorization"].removeprefix("Bearer ")
    db_a = Database(db.url, pool_size=2)  # an instance of its own: its own event sink
    with running(base, db_a) as a, running(on_b, db) as b:
        sock = Socket(b, token).start()
        assert httpx.post(f"{a}/api/v1/projects", json={"name": "before"}, headers=headers).status_code == 201
        assert sock.wait_for("project.created")["object"]["name"] == "before"
        redis_proxy.kill()
        for i in range(5):
            res = httpx.post(f"{a}/api/v1/projects", json={"name": f"lost {i}"}, headers=headers)
            assert res.status_code == 201  # acknowledged: committed, though not published
        redis_proxy.revive()
        time.sleep(0.5)
        # The next publish (or A's listener, within a second) sends the resync first.
        deadline = time.monotonic() + 15
        kinds: list[str] = []
        while "resync" not in kinds and time.monotonic() < deadline:
            with contextlib.suppress(TimeoutError):
                kinds.append(sock.recv(0.5)["type"])
        assert "resync" in kinds, kinds
        sock.close()
    db_a.dispose()


# PostgreSQL


@pytest.fixture
def pg_proxy(pg_database: str) -> Iterator[tuple[FaultProxy, str]]:
    url = make_url(pg_database)
    with fault_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)


def _proxied_app(tmp_path: Any, url: str, **overrides: Any) -> tuple[Any, Database]:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=url,
        secret_key="fault-secret-" + "x" * 32,
        access_log=False,
        auth_cache_seconds=0,
        **overrides,
    )
    db = Database(url, pool_size=2, timeouts=Timeouts.from_settings(settings))
    _truncate(db)
    return create_app(settings, database=db), db


def test_postgresql_unreachable_answers_503_with_retry_after_and_recovers(tmp_path, pg_proxy, caplog):
    proxy, url = pg_proxy
    app, db = _proxied_app(tmp_path, url, db_connect_timeout_seconds=2)
    headers = _token(db)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/api/v1/projects", headers=headers).status_code == 200
            proxy.kill()
            with caplog.at_level(logging.WARNING):
                answers = [
                    client.get("/api/v1/projects", headers=headers),
                    client.post("/api/v1/projects", json={"name": "x"}, headers=headers),
                    client.get("/api/v1/time-entries", headers=headers),  # the hot read
                    client.get("/api/v1/timer/status", headers=headers),
                ]
            for res in answers:
                assert res.status_code == 503, res.text
                assert res.headers["retry-after"] == "1"
                assert res.json()["code"] == "unavailable"
            assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
            health = client.get("/api/v1/health")
            assert health.status_code == 200
            assert health.json()["database"] == "unavailable"
            assert client.get("/api/v1/ready").status_code == 503
            proxy.revive()
            started = time.monotonic()
            while client.get("/api/v1/projects", headers=headers).status_code != 200:
                assert time.monotonic() - started < 2, "no recovery within 2 s"
                time.sleep(0.05)
            assert client.get("/api/v1/ready").status_code == 200
    finally:
        db.dispose()


def test_postgresql_stalled_answers_503_in_time_and_the_write_never_commits_later(tmp_path, pg_proxy):
    proxy, url = pg_proxy
    app, db = _proxied_app(
        tmp_path, url, db_statement_timeout_seconds=1, db_pool_timeout_seconds=1, db_connect_timeout_seconds=2
    )
    headers = _token(db)
    direct = Database(make_url(url).set(port=5432).render_as_string(hide_password=False), pool_size=1)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/api/v1/projects", headers=headers).status_code == 200
            proxy.stall()
            started = time.monotonic()
            res = client.post("/api/v1/projects", json={"name": "stalled write"}, headers=headers)
            assert res.status_code == 503, res.text
            assert time.monotonic() - started < 5
            started = time.monotonic()
            assert client.get("/api/v1/health").status_code == 200
            assert client.get("/api/v1/ready").status_code == 503
            assert time.monotonic() - started < 6  # two probes of at most two seconds
            time.sleep(2.5)  # longer than the server's idle-in-transaction timeout
            proxy.resume()
            time.sleep(1.5)  # the abandoned thread wakes and finds its request gone
            with direct.engine.connect() as conn:
                names = conn.execute(text("SELECT name FROM projects")).scalars().all()
            assert "stalled write" not in names
            deadline = time.monotonic() + 10
            while client.get("/api/v1/projects", headers=headers).status_code != 200:
                assert time.monotonic() < deadline, "no recovery after the stall"
                time.sleep(0.1)
    finally:
        db.dispose()
        direct.dispose()


def test_a_broken_statement_on_sqlite_is_a_bug_not_an_outage(tmp_path):
    """sqlite3 raises OperationalError for "no such table" too: that must not pass for a 503."""
    from sqlalchemy.exc import OperationalError

    from punchclock.errors import ServiceUnavailable

    db = Database(f"sqlite:///{tmp_path / 'x.db'}", pool_size=1)
    try:
        with pytest.raises(OperationalError):
            db.call(lambda s: s.execute(text("SELECT * FROM no_such_table")).all(), write=False)
        busy = OperationalError("SELECT 1", {}, Exception("database is locked"))

        def locked(_session):
            raise busy

        with pytest.raises(ServiceUnavailable):
            db.call(locked)
    finally:
        db.dispose()
