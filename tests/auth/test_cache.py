"""The principal cache: hot requests skip the token lookup, and revocations still bite at once."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from fastapi.testclient import TestClient

from punchclock.auth import cache as auth_cache
from punchclock.auth import deps
from punchclock.kit.ttlcache import TTLCache
from punchclock.token import service as token_service
from tests.auth.helpers import bearer, build_app, execute, web_token

ME = "/api/v1/users/me"


def _client(settings, db):
    return TestClient(build_app(settings, db, auth_cache_seconds=60), raise_server_exceptions=False)


def test_a_cached_token_skips_the_database(api, settings, db):
    alice = api.user(name="alice")
    token = api.token(alice, "read:users")
    client = _client(settings, db)
    assert client.get(ME, headers=bearer(token)).status_code == 200
    # Changed behind the service's back, the row is not re-read while the entry is fresh...
    execute(db, "UPDATE api_tokens SET revoked_at = 1")
    assert client.get(ME, headers=bearer(token)).status_code == 200


def test_revoking_through_the_api_bites_at_once(api, settings, db):
    admin = api.user("admin")
    admin_headers = api.headers(admin)
    alice = api.user(name="alice")
    token = api.token(alice, "read:users")
    client = _client(settings, db)
    assert client.get(ME, headers=bearer(token)).status_code == 200
    token_id = client.get("/api/v1/tokens", headers=admin_headers).json()["api_tokens"][-1]["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=admin_headers).status_code == 200
    assert client.get(ME, headers=bearer(token)).status_code == 401


def test_disabling_a_user_and_logout_all_bite_at_once(api, settings, db):
    admin = api.user("admin")
    admin_headers = api.headers(admin)
    alice = api.user(name="alice")
    bob = api.user(name="bob")
    alice_token = api.token(alice, "read:users")
    bob_web = web_token(api, "bob")
    client = _client(settings, db)
    assert client.get(ME, headers=bearer(alice_token)).status_code == 200
    assert client.get(ME, headers=bearer(bob_web)).status_code == 200
    assert client.delete(f"/api/v1/users/{alice.id}", headers=admin_headers).status_code == 200
    assert client.get(ME, headers=bearer(alice_token)).status_code == 401
    assert client.post("/api/v1/auth/logout-all", headers=bearer(bob_web)).status_code == 200
    assert client.get(ME, headers=bearer(bob_web)).status_code == 401
    assert bob.id != alice.id


def test_ttlcache_expiry_and_generation_guard(monkeypatch):
    now = [100.0]
    monkeypatch.setattr("punchclock.kit.ttlcache.time.monotonic", lambda: now[0])
    cache: TTLCache[str, int] = TTLCache(ttl=5)
    cache.put("a", 1)
    assert cache.get("a") == 1
    now[0] += 6
    assert cache.get("a") is None
    generation = cache.generation
    cache.clear()
    cache.put("b", 2, generation)  # read before the clear: must not be stored
    assert cache.get("b") is None
    cache.put("b", 2, cache.generation)
    assert cache.get("b") == 2
    off: TTLCache[str, int] = TTLCache(ttl=0)
    off.put("a", 1)
    assert off.get("a") is None


def test_concurrent_lookups_of_one_token_share_one_database_read(api, settings, db, monkeypatch):
    # When a cached principal expires under load, the requests carrying that token meanwhile wait
    # for one lookup; a revocation (the cache's generation moves on) is never answered by a lookup
    # begun before it.
    alice = api.user(name="alice")
    token = api.token(alice, "read:users")
    app = build_app(settings, db, auth_cache_seconds=60)
    calls: list[str] = []
    original = token_service.authenticate

    def slow_lookup(session, raw):
        calls.append(raw)
        time.sleep(0.05)  # long enough for every request below to arrive meanwhile
        return original(session, raw)

    monkeypatch.setattr(token_service, "authenticate", slow_lookup)

    async def five_at_once():
        request = SimpleNamespace(app=app)
        return await asyncio.gather(*(deps.authenticate(request, token) for _ in range(5)))

    found = asyncio.run(five_at_once())
    assert len(calls) == 1
    assert {p.user_id for p in found} == {alice.id}
    auth_cache.revoke_all()
    asyncio.run(five_at_once())
    assert len(calls) == 2
    assert deps._inflight == {}
