"""Login throttling: the guesser is slowed (per account-and-address, per address, per account for
unknown devices), the account's owner never is."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from redis import Redis

from punchclock.user import service as user_service
from tests.auth.helpers import build_app, client_at

# They share one Redis database with other tests: one xdist worker runs them all, one after another.
pytestmark = pytest.mark.xdist_group("redis")

LOGIN = "/api/v1/auth/session"
MAX = 3
PER_ADDRESS = 5
PER_ACCOUNT = 7
WINDOW = 3600
LIMITS = {
    "login_max_failures": MAX,
    "login_max_failures_per_address": PER_ADDRESS,
    "login_max_failures_per_account": PER_ACCOUNT,
    "login_window_seconds": WINDOW,
}


@pytest.fixture
def app(settings, db):
    return build_app(settings, db, **LIMITS)


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


def test_guesses_from_many_addresses_throttle_unknown_devices_only(app, db):
    make_user(db, "alice")
    make_user(db, "bob")
    home = client_at(app, "10.0.2.50")
    assert attempt(home, "alice", "password123").status_code == 200  # alice's usual address
    for i in range(PER_ACCOUNT):
        assert attempt(client_at(app, f"10.0.1.{i}"), "alice").status_code == 401
    # A stranger's address is slowed for alice, even with the right password...
    assert_throttled(attempt(client_at(app, "10.0.2.1"), "ALICE", "password123"))
    # ...and may still sign in to another account.
    assert attempt(client_at(app, "10.0.2.1"), "bob", "password123").status_code == 200
    # Alice at her usual address is not locked out by them.
    assert attempt(home, "alice", "password123").status_code == 200


def test_a_browser_that_signed_in_before_is_not_locked_out(app, db):
    make_user(db, "alice")
    laptop = client_at(app, "10.0.6.1")
    assert attempt(laptop, "alice", "password123").status_code == 200
    assert laptop.cookies.get("pc_device")
    for i in range(PER_ACCOUNT):
        assert attempt(client_at(app, f"10.0.7.{i}"), "alice").status_code == 401
    # The same laptop, now on another network (a new address), still signs in.
    travelling = client_at(app, "10.0.8.1")
    travelling.cookies.set("pc_device", laptop.cookies.get("pc_device"))
    assert attempt(travelling, "alice", "password123").status_code == 200
    # A forged mark does not help a stranger.
    stranger = client_at(app, "10.0.8.2")
    stranger.cookies.set("pc_device", "0" * 40)
    assert_throttled(attempt(stranger, "alice", "password123"))


def test_ten_wrong_passwords_from_anywhere_do_not_lock_out_the_owner(settings, db):
    """The issue's case, with the shipped defaults: 10 bad passwords for alice from one address."""
    app = build_app(settings, db)
    make_user(db, "alice")
    attacker = client_at(app, "203.0.113.9")
    for _ in range(10):
        assert attempt(attacker, "alice").status_code == 401
    assert_throttled(attempt(attacker, "alice", "password123"))
    assert attempt(client_at(app, "198.51.100.7"), "alice", "password123").status_code == 200


def test_names_sprayed_from_one_address_do_not_lock_out_the_admin(settings, db):
    """30 names sprayed from one address (behind the same NAT as the admin, who signed in before)."""
    app = build_app(settings, db, login_max_failures_per_address=20)
    db.call(user_service.create, "root", "password123", "admin")
    office = client_at(app, "192.0.2.10")
    assert attempt(office, "root", "password123").status_code == 200
    sprayer = client_at(app, "192.0.2.10")
    statuses = [attempt(sprayer, f"name{i}").status_code for i in range(30)]
    assert statuses.count(429) == 10  # the sprayer slowed itself down
    assert attempt(client_at(app, "192.0.2.10"), "root", "password123").status_code == 200
    assert attempt(client_at(app, "192.0.2.99"), "root", "password123").status_code == 200


def test_address_is_throttled_after_failures_on_many_accounts(app, db):
    make_user(db, "alice")
    client = client_at(app, "10.0.0.7")
    for i in range(PER_ADDRESS):
        assert attempt(client, f"guess{i}").status_code == 401
    assert_throttled(attempt(client, "alice", "password123"))
    # Alice herself, from her own address, is not locked out by someone else's guessing.
    assert attempt(client_at(app, "10.0.0.8"), "alice", "password123").status_code == 200


def test_a_successful_login_clears_the_pair_count(app, db):
    make_user(db, "alice")
    client = client_at(app, "10.0.3.1")
    for _ in range(MAX - 1):
        assert attempt(client, "alice").status_code == 401
    assert attempt(client, "alice", "password123").status_code == 200
    for _ in range(MAX):
        assert attempt(client, "alice").status_code == 401
    assert_throttled(attempt(client, "alice", "password123"))


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
        build_app(settings, db, **LIMITS, redis_url=redis_url, redis_timeout_seconds=10) for _ in range(2)
    ]
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    with (
        TestClient(apps[0], client=(address, 1)) as first,
        TestClient(apps[1], client=(address, 1)) as second,
    ):
        for _ in range(MAX):
            assert attempt(first, name).status_code == 401
        assert_throttled(attempt(second, name, "password123"))
