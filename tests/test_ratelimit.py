"""Per-token rate limits: the X-RateLimit-* headers, 429, isolation, Redis sharing and the counters."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from punchclock.auth import ratelimit
from punchclock.auth.ratelimit import RateLimiter
from punchclock.errors import TooManyRequests
from punchclock.kit import counter
from punchclock.kit.counter import MemoryCounters, RedisCounters

# They share one Redis database with other tests: one xdist worker runs them all, one after another.
pytestmark = pytest.mark.xdist_group("redis")

REDIS_URL = "redis://127.0.0.1:6379/15"
PER_MINUTE = 5
RL_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


@pytest.fixture
def limited(settings, db) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": PER_MINUTE}), database=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def redis_db() -> str:
    """Redis db 15, emptied; skipped without a local Redis, a failure in CI."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip("Redis not available")
    client.flushdb()
    client.close()
    return REDIS_URL


def _remaining(res) -> int:
    return int(res.headers["x-ratelimit-remaining"])


# Headers


def test_authenticated_responses_carry_rate_limit_headers(api):
    h = api.headers(api.user("admin"))
    before = int(time.time())
    for res in (
        api.get("/api/v1/users/me", headers=h),
        api.get("/api/v1/projects", headers=h),
        api.get("/api/v1/projects/999999", headers=h),  # errors after authentication count too
        api.post("/api/v1/projects", json={}, headers=h),
    ):
        assert all(name in res.headers for name in RL_HEADERS), (res.status_code, dict(res.headers))
        assert res.headers["x-ratelimit-limit"] == "100"
        reset = int(res.headers["x-ratelimit-reset"])
        assert before < reset <= before + 61  # a Unix timestamp at the end of this minute


def test_anonymous_responses_have_no_rate_limit_headers(api):
    for res in (api.get("/api/v1/info"), api.get("/api/v1/health"), api.get("/api/v1/projects")):
        assert not any(name in res.headers for name in RL_HEADERS)


def test_remaining_decreases_per_request(api):
    h = api.headers(api.user("admin"))
    seen = [_remaining(api.get("/api/v1/users/me", headers=h)) for _ in range(3)]
    assert seen == [99, 98, 97]


# Limits


def test_limit_exceeded_gives_429_with_retry_after(api, limited, clock):
    h = api.headers(api.user("admin"))
    for expected in range(PER_MINUTE - 1, -1, -1):
        res = limited.get("/api/v1/users/me", headers=h)
        assert res.status_code == 200, res.text
        assert _remaining(res) == expected
    res = limited.get("/api/v1/users/me", headers=h)
    assert res.status_code == 429
    body = res.json()
    assert body["code"] == "rate_limited"
    assert {"error", "message", "code"} <= body.keys()
    assert res.headers["retry-after"] == "59"  # the clock stands 1 s into the minute
    assert body["retry_after"] == 59
    assert res.headers["x-ratelimit-limit"] == str(PER_MINUTE)
    assert res.headers["x-ratelimit-remaining"] == "0"
    # Still limited: the 429 does not reset anything.
    assert limited.get("/api/v1/projects", headers=h).status_code == 429


def test_a_web_session_has_an_interactive_budget_and_tokens_keep_theirs(api, settings, db, clock):
    app = create_app(
        settings.model_copy(
            update={"rate_limit_per_minute": PER_MINUTE, "web_rate_limit_per_minute": 3 * PER_MINUTE}
        ),
        database=db,
    )
    alice = api.user(name="alice")
    with TestClient(app, raise_server_exceptions=False) as client:
        res = client.post("/api/v1/auth/session", json={"username": "alice", "password": "password123"})
        web = {"Authorization": f"Bearer {res.json()['token']}"}
        for _ in range(3 * PER_MINUTE):
            res = client.get("/api/v1/timer/status", headers=web)  # a lean route counts the same
            assert res.status_code == 200, res.text
        assert res.headers["x-ratelimit-limit"] == str(3 * PER_MINUTE)
        assert client.get("/api/v1/users/me", headers=web).status_code == 429
        token = api.headers(alice)
        for _ in range(PER_MINUTE):
            assert client.get("/api/v1/users/me", headers=token).status_code == 200
        assert client.get("/api/v1/users/me", headers=token).status_code == 429


def test_limits_are_per_token(api, limited, clock):
    admin = api.user("admin")
    first, second = api.headers(admin), api.headers(admin)
    for _ in range(PER_MINUTE):
        assert limited.get("/api/v1/users/me", headers=first).status_code == 200
    assert limited.get("/api/v1/users/me", headers=first).status_code == 429
    res = limited.get("/api/v1/users/me", headers=second)
    assert res.status_code == 200
    assert _remaining(res) == PER_MINUTE - 1


def test_redis_shares_one_limit_between_instances(api, settings, db, redis_db, clock):
    # A generous timeout: this test is about sharing, and on a loaded machine a first connection
    # can take longer than the default half second (the limiter then counts in-process).
    shared = settings.model_copy(
        update={"rate_limit_per_minute": PER_MINUTE, "redis_url": redis_db, "redis_timeout_seconds": 10}
    )
    h = api.headers(api.user("admin"))
    with (
        TestClient(create_app(shared, database=db), raise_server_exceptions=False) as one,
        TestClient(create_app(shared, database=db), raise_server_exceptions=False) as two,
    ):
        statuses = [(one if i % 2 else two).get("/api/v1/users/me", headers=h) for i in range(PER_MINUTE)]
        assert [r.status_code for r in statuses] == [200] * PER_MINUTE
        assert [_remaining(r) for r in statuses] == list(range(PER_MINUTE - 1, -1, -1))
        assert one.get("/api/v1/users/me", headers=h).status_code == 429
        assert two.get("/api/v1/users/me", headers=h).status_code == 429


# Counters


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """A frozen clock for the counters: no window boundary passes mid-test.

    It stands just after a boundary in the real future, so Redis expiry keeps the keys.
    """
    fake = Clock((int(time.time()) // 3600 + 1) * 3600 + 1)
    monkeypatch.setattr(counter, "time", SimpleNamespace(time=fake))
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=fake))
    return fake


@pytest.fixture(params=["memory", "redis"])
def store_factory(request):
    if request.param == "memory":
        return MemoryCounters
    url = request.getfixturevalue("redis_db")
    return lambda: RedisCounters(url, prefix=f"pctest:{uuid.uuid4().hex}:")


def _run(store_factory, steps):
    async def main():
        store = store_factory()
        try:
            return await steps(store)
        finally:
            await store.close()

    return asyncio.run(main())


def test_counter_counts_within_a_window_and_restarts_in_the_next(store_factory, clock):
    start = clock.now - 1

    async def steps(store):
        hits = [await store.incr("k", 60) for _ in range(3)]
        assert [h.count for h in hits] == [1, 2, 3]
        assert {h.reset_at for h in hits} == {start + 60}
        clock.now = start + 59.9
        assert (await store.incr("k", 60)).count == 4
        clock.now = start + 60
        nxt = await store.incr("k", 60)
        assert (nxt.count, nxt.reset_at) == (1, start + 120)

    _run(store_factory, steps)


def test_counter_keys_windows_peek_and_reset_are_independent(store_factory, clock):
    async def steps(store):
        await store.incr("a", 60, amount=5)
        await store.incr("a", 3600)
        await store.incr("b", 60)
        assert (await store.peek("a", 60)).count == 5
        assert (await store.peek("a", 60)).count == 5  # peeking does not count
        assert (await store.peek("a", 3600)).count == 1
        assert (await store.peek("b", 60)).count == 1
        assert (await store.peek("c", 60)).count == 0
        await store.reset("a", 60)
        assert (await store.peek("a", 60)).count == 0
        assert (await store.peek("a", 3600)).count == 1

    _run(store_factory, steps)


def test_memory_counters_prune_ended_windows(clock):
    async def steps(store):
        for i in range(4):
            await store.incr(f"old{i}", 60)
        clock.now += 60
        await store.incr("new", 60)  # the store is full: ended windows are dropped first
        assert len(store._data) == 1
        assert (await store.peek("new", 60)).count == 1

    _run(lambda: MemoryCounters(max_keys=4), steps)


def test_redis_counters_expire_keys_after_their_window(redis_db):
    import redis

    prefix = f"pctest:{uuid.uuid4().hex}:"

    async def steps(store):
        return await store.incr("k", 60)

    hit = _run(lambda: RedisCounters(redis_db, prefix=prefix), steps)
    client = redis.Redis.from_url(redis_db)
    try:
        (key,) = client.keys(f"{prefix}*")
        assert key.decode() == f"{prefix}k:{hit.reset_at}"
        assert client.get(key) == b"1"
        assert 0 < client.ttl(key) <= 61
    finally:
        client.close()


def test_rate_limiter_uses_the_tightest_window(clock):
    async def steps(store):
        limiter = RateLimiter(store, per_minute=3, per_hour=4)
        quotas = [await limiter.hit("t") for _ in range(3)]
        assert [q.remaining for q in quotas] == [2, 1, 0]
        clock.now += 60  # a new minute, but the hour has room for one more
        assert (await limiter.hit("t")).remaining == 0
        with pytest.raises(TooManyRequests) as exc:
            await limiter.hit("t")
        assert exc.value.headers["X-RateLimit-Limit"] == "4"
        assert exc.value.headers["Retry-After"] == str(3600 - 61)  # until the hour window ends

    _run(MemoryCounters, steps)
