"""GET /metrics: off without a token, 401 without the right one, and the figures it reports."""

from __future__ import annotations

import time

import pytest

from tests.auth.helpers import body, execute
from tests.metrics.helpers import SCRAPE, TOKEN, metered, scrape, value
from tests.sync.helpers import ROOT, bootstrap_body

REQUESTS = "punchclock_http_requests_total"
DURATION = "punchclock_http_request_duration_seconds"
PROJECT = "/api/v1/projects/{project_id}"


def test_without_a_token_set_metrics_is_an_unknown_path(api):
    res = api.get("/metrics", headers=SCRAPE)
    assert res.status_code == 404
    assert body(res) == body(api.get("/no-such-path"))


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer "],
    ids=["none", "wrong", "longer", "basic", "no scheme", "empty"],
)
def test_a_scrape_without_the_token_is_401_in_the_error_shape(settings, db, authorization):
    with metered(settings, db) as api:
        headers = {"Authorization": authorization} if authorization else {}
        res = api.get("/metrics", headers=headers)
        assert res.status_code == 401
        assert res.json()["code"] == "invalid_metrics_token"
        assert set(res.json()) == {"error", "message", "code", "error_code", "request_id"}
        assert res.headers["www-authenticate"].startswith("Bearer")
        assert api.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200


def test_requests_are_counted_by_route_template_status_and_method(settings, db):
    with metered(settings, db) as api:
        h = api.headers(api.user("admin"))
        project = api.post("/api/v1/projects", json={"name": "Site"}, headers=h).json()["project"]
        assert api.get(f"/api/v1/projects/{project['id']}", headers=h).status_code == 200
        assert api.get("/api/v1/projects/999999", headers=h).status_code == 404
        assert api.get("/api/v1/projects/999998", headers=h).status_code == 404
        assert api.get("/no/such/thing").status_code == 404
        assert api.get("/api/v1/timer/status", headers=h).status_code == 200  # a lean route
        assert api.get(f"{ROOT}/version").status_code == 401  # the mounted TimeTagger API
        out = scrape(api)
        assert value(out, REQUESTS, method="GET", route=PROJECT, status="200") == 1
        assert value(out, REQUESTS, method="GET", route=PROJECT, status="404") == 2
        assert value(out, REQUESTS, method="POST", route="/api/v1/projects", status="201") == 1
        assert value(out, REQUESTS, method="GET", route="unmatched", status="404") == 1
        assert value(out, REQUESTS, method="GET", route="/api/v1/timer/status", status="200") == 1
        assert value(out, REQUESTS, method="GET", route=f"{ROOT}/version", status="401") == 1
        assert "/api/v1/projects/999999" not in out
        assert value(out, f"{DURATION}_count", method="GET", route=PROJECT) == 3
        assert value(out, f"{DURATION}_bucket", method="GET", route=PROJECT, le="+Inf") == 3
        assert value(out, f"{DURATION}_bucket", method="GET", route=PROJECT, le="10.0") == 3
        assert 0 < value(out, f"{DURATION}_sum", method="GET", route=PROJECT) < 30
        # The scrape itself is counted once it has been answered.
        assert value(out, REQUESTS, method="GET", route="/metrics", status="200") is None
        assert value(scrape(api), REQUESTS, method="GET", route="/metrics", status="200") == 1


def test_failed_sign_ins_and_the_login_throttle(settings, db):
    with metered(settings, db, login_max_failures=2) as api:
        api.user(name="alice")
        out = scrape(api)
        assert value(out, "punchclock_login_failures_total", reason="bad_credentials") == 0
        wrong = {"username": "alice", "password": "wrong-password"}
        assert api.post("/api/v1/auth/session", json=wrong).status_code == 401
        tt = bootstrap_body(username="alice", password="wrong-password")
        assert api.post(f"{ROOT}/bootstrap_authentication", content=tt).status_code == 403
        assert api.post("/api/v1/auth/session", json=wrong).status_code == 429
        out = scrape(api)
        assert value(out, "punchclock_login_failures_total", reason="bad_credentials") == 2
        assert value(out, "punchclock_login_failures_total", reason="throttled") == 1
        assert value(out, "punchclock_rate_limited_total", reason="login_throttle") == 1
        assert value(out, "punchclock_rate_limited_total", reason="api_rate_limit") == 0


def test_rate_limit_rejections(settings, db):
    with metered(settings, db, rate_limit_per_minute=2) as api:
        h = api.headers(api.user("admin"))
        statuses = [api.get("/api/v1/projects", headers=h).status_code for _ in range(4)]
        assert statuses == [200, 200, 429, 429]
        out = scrape(api)
        assert value(out, "punchclock_rate_limited_total", reason="api_rate_limit") == 2
        assert value(out, "punchclock_rate_limited_total", reason="login_throttle") == 0
        assert value(out, "punchclock_login_failures_total", reason="throttled") == 0


def test_the_webhook_outbox(settings, db):
    with metered(settings, db) as api:
        out = scrape(api)
        assert value(out, "punchclock_webhook_outbox_pending") == 0
        assert value(out, "punchclock_webhook_outbox_oldest_age_seconds") == 0
        assert value(out, "punchclock_webhook_deliveries_failed") == 0
        assert value(out, "punchclock_database_up") == 1
        h = api.headers(api.user())
        hook = {"url": "https://hooks.example.com/pc", "events": ["time_entry.created"]}
        assert api.post("/api/v1/webhooks", json=hook, headers=h).status_code == 201
        entry = {"start_time": "2026-03-02T09:00:00Z", "end_time": "2026-03-02T10:00:00Z"}
        assert api.post("/api/v1/time-entries", json=entry, headers=h).status_code == 201
        assert api.post("/api/v1/time-entries", json=entry, headers=h).status_code == 201
        old = int(time.time()) - 100
        execute(db, "UPDATE webhook_deliveries SET created_at = :old WHERE id = 1", old=old)
        execute(db, "UPDATE webhook_deliveries SET status = 'failed' WHERE id = 2")
        out = scrape(api)
        assert value(out, "punchclock_webhook_outbox_pending") == 1
        assert 100 <= value(out, "punchclock_webhook_outbox_oldest_age_seconds") < 160
        assert value(out, "punchclock_webhook_deliveries_failed") == 1
        # A disabled hook's deliveries wait for it; they are no backlog.
        execute(db, "UPDATE webhooks SET active = :no", no=False)
        out = scrape(api)
        assert value(out, "punchclock_webhook_outbox_pending") == 0
        assert value(out, "punchclock_webhook_outbox_oldest_age_seconds") == 0


def test_open_sockets_and_the_pool(settings, db):
    with metered(settings, db) as api:
        token = api.token(api.user(), "read:time_entries")
        assert value(scrape(api), "punchclock_websocket_connections") == 0
        with api.client.websocket_connect("/api/v1/ws") as ws:
            ws.send_json({"type": "auth", "token": token})
            assert ws.receive_json()["type"] == "ready"
            assert value(scrape(api), "punchclock_websocket_connections") == 1
        deadline = time.monotonic() + 5
        while value(scrape(api), "punchclock_websocket_connections") != 0:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        out = scrape(api)
        assert value(out, "punchclock_db_pool_size") == db.engine.pool.size()
        assert value(out, "punchclock_db_pool_checked_out") == 0


def test_redis_state_is_reported_only_when_configured(settings, db):
    with metered(settings, db) as api:
        assert value(scrape(api), "punchclock_redis_up") is None
    with metered(settings, db, redis_url="redis://127.0.0.1:1/0", redis_timeout_seconds=0.2) as api:
        assert value(scrape(api), "punchclock_redis_up") == 1
        api.user(name="bob")
        api.post("/api/v1/auth/session", json={"username": "bob", "password": "password123"})
        assert value(scrape(api), "punchclock_redis_up") == 0


def test_the_exposition_names_every_family_once(settings, db):
    with metered(settings, db) as api:
        out = scrape(api)
    types = [line.split()[2] for line in out.splitlines() if line.startswith("# TYPE")]
    assert len(types) == len(set(types))
    assert {
        REQUESTS, DURATION, "punchclock_login_failures_total", "punchclock_rate_limited_total",
        "punchclock_db_pool_checked_out", "punchclock_db_pool_size", "punchclock_database_up",
        "punchclock_webhook_outbox_pending", "punchclock_webhook_outbox_oldest_age_seconds",
        "punchclock_webhook_deliveries_failed", "punchclock_websocket_connections", "punchclock_info",
    } <= set(types)  # fmt: skip
