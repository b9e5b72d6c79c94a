"""Login throttling: failures are counted per account and per client address, then 429."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from redis import Redis

from punchclock.user import service as user_service
from tests.auth.helpers import build_app, client_at

LOGIN = "/api/v1/auth/login"
MAX = 3
WINDOW = 3600


@pytest.fixture
def app(settings, db):
    return build_app(settings, db, login_max_failures=MAX, login_window_seconds=WINDOW)


def make_user(db, name):
    db.call(user_service.create, name, "password123", "member")


def attempt(client, username, password="wrong-password"):
    return client.post(LOGIN, json={"username": username, "password": password})


def assert_throttled(res):
    assert res.status_code == 429, res.text
    retry = int(res.headers["Retry-After"])
    assert 1 <= retry <= WINDOW
    data = res.json()
    assert data["code"] == "rate_limited"
    assert data["retry_after"] == retry
    assert "token" not in data


def test_account_is_throttled_after_max_failures_even_with_the_right_password(app, db):
    make_user(db, "alice")
    client = client_at(app, "10.0.0.1")
    for _ in range(MAX):
        assert attempt(client, "alice").status_code == 401
    assert_throttled(attempt(client, "alice", "password123"))


def test_account_throttle_follows_the_account_to_other_addresses(app, db):
    make_user(db, "alice")
    make_user(db, "bob")
    for i in range(MAX):
        assert attempt(client_at(app, f"10.0.1.{i}"), "alice").status_code == 401
    elsewhere = client_at(app, "10.0.2.1")
    assert_throttled(attempt(elsewhere, "ALICE", "password123"))
    # The same address may still sign in to another account.
    assert attempt(elsewhere, "bob", "password123").status_code == 200


def test_address_is_throttled_after_failures_on_many_accounts(app, db):
    make_user(db, "alice")
    client = client_at(app, "10.0.0.7")
    for i in range(MAX):
        assert attempt(client, f"guess{i}").status_code == 401
    assert_throttled(attempt(client, "alice", "password123"))
    # Alice herself, from her own address, is not locked out by someone else's guessing.
    assert attempt(client_at(app, "10.0.0.8"), "alice", "password123").status_code == 200


def test_a_successful_login_clears_the_account_count(app, db):
    make_user(db, "alice")
    for i in range(MAX - 1):
        assert attempt(client_at(app, f"10.0.3.{i}"), "alice").status_code == 401
    assert attempt(client_at(app, "10.0.3.100"), "alice", "password123").status_code == 200
    for i in range(MAX):
        assert attempt(client_at(app, f"10.0.4.{i}"), "alice").status_code == 401
    assert_throttled(attempt(client_at(app, "10.0.4.100"), "alice", "password123"))


def test_successful_logins_do_not_throttle_an_address(app, db):
    make_user(db, "alice")
    client = client_at(app, "10.0.0.9")
    for _ in range(MAX * 2):
        assert attempt(client, "alice", "password123").status_code == 200


def test_parallel_guesses_cannot_slip_past_the_limit(app, db):
    make_user(db, "alice")

    async def storm():
        transport = httpx.ASGITransport(app=app, client=("10.0.5.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            payload = {"username": "alice", "password": "wrong-password"}
            return await asyncio.gather(*(client.post(LOGIN, json=payload) for _ in range(MAX * 4)))

    statuses = sorted(r.status_code for r in asyncio.run(storm()))
    assert statuses.count(401) == MAX
    assert statuses.count(429) == MAX * 3


def test_instances_sharing_redis_share_the_throttle(settings, db):
    redis_url = "redis://127.0.0.1:6379/15"
    try:
        Redis.from_url(redis_url).ping()
    except Exception:
        pytest.skip("Redis not available")
    name = f"u{uuid.uuid4().hex[:12]}"
    make_user(db, name)
    apps = [
        build_app(settings, db, login_max_failures=MAX, login_window_seconds=WINDOW, redis_url=redis_url)
        for _ in range(2)
    ]
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    with (
        TestClient(apps[0], client=(address, 1)) as first,
        TestClient(apps[1], client=(address, 1)) as second,
    ):
        for _ in range(MAX):
            assert attempt(first, name).status_code == 401
        assert_throttled(attempt(second, name, "password123"))
