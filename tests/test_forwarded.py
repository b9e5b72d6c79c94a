"""Behind a reverse proxy: X-Forwarded-For and -Proto are believed from trusted proxies only."""

from __future__ import annotations

import json
import logging
from ipaddress import ip_network

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from punchclock.middleware import ForwardedFor
from punchclock.user import service as user_service
from tests.auth.helpers import build_app, client_at
from tests.sync.helpers import bootstrap_body

LOGIN = "/api/v1/auth/session"


def _scope(peer: str, **headers: str) -> dict:
    return {
        "type": "http",
        "client": (peer, 1234),
        "scheme": "http",
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),  # through one trusted proxy
        ("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.3", "203.0.113.5"),  # the client's own claim ignored
        ("10.0.0.2", "203.0.113.5, garbage", "10.0.0.2"),  # garbage: keep the peer
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),  # an untrusted peer's header is ignored
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_the_first_untrusted_address_from_the_right(peer, forwarded, client):
    resolver = ForwardedFor([ip_network("10.0.0.0/8")])
    scope = _scope(peer, x_forwarded_for=forwarded)
    resolver.apply(scope)
    assert scope["client"][0] == client
    assert scope["state"]["peer"] == peer


def test_forwarded_proto_sets_the_scheme_from_trusted_proxies_only():
    resolver = ForwardedFor([ip_network("10.0.0.0/8")])
    trusted = _scope("10.0.0.2", x_forwarded_proto="https")
    resolver.apply(trusted)
    assert trusted["scheme"] == "https"
    stranger = _scope("192.0.2.1", x_forwarded_proto="https")
    resolver.apply(stranger)
    assert stranger["scheme"] == "http"


def test_forwarded_host_is_taken_from_trusted_proxies_only_and_must_be_a_host():
    resolver = ForwardedFor([ip_network("10.0.0.0/8")])

    def host_after(peer: str, forwarded: str) -> str:
        scope = _scope(peer, host="backend:8080", x_forwarded_host=forwarded)
        resolver.apply(scope)
        return dict(scope["headers"])[b"host"].decode()

    assert host_after("10.0.0.2", "time.example.com") == "time.example.com"
    assert host_after("10.0.0.2", "evil.example, time.example.com:8443") == "time.example.com:8443"
    assert host_after("10.0.0.2", "[2001:db8::1]:443") == "[2001:db8::1]:443"
    assert host_after("192.0.2.1", "time.example.com") == "backend:8080"  # not a trusted proxy
    assert host_after("10.0.0.2", "time.example.com/evil") == "backend:8080"  # not a host


@pytest.fixture
def behind_proxy(settings, db):
    app = build_app(settings, db, trusted_proxies="10.0.0.0/8", login_max_failures=3, access_log=True)
    return TestClient(app, raise_server_exceptions=False, client=("10.0.0.2", 40000))


def test_the_throttle_and_the_access_log_see_the_real_client(behind_proxy, db, caplog):
    db.call(user_service.create, "alice", "password123", "member")
    attacker = {"X-Forwarded-For": "203.0.113.66"}
    for _ in range(3):
        assert (
            behind_proxy.post(
                LOGIN, json={"username": "alice", "password": "no"}, headers=attacker
            ).status_code
            == 401
        )
    assert (
        behind_proxy.post(
            LOGIN, json={"username": "alice", "password": "password123"}, headers=attacker
        ).status_code
        == 429
    )
    # Everyone else behind the same proxy is unaffected (before, they all shared the proxy's address).
    with caplog.at_level(logging.INFO, logger="punchclock.access"):
        res = behind_proxy.post(
            LOGIN,
            json={"username": "alice", "password": "password123"},
            headers={"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"},
        )
    assert res.status_code == 200
    assert "secure" in res.headers["set-cookie"].lower()  # the proxy said https
    line = json.loads(next(r.getMessage() for r in caplog.records if r.name == "punchclock.access"))
    assert line["client"] == "198.51.100.7"


def test_localhost_sign_in_through_a_local_proxy_is_not_local(settings, db):
    """A remote client forwarded by nginx on this machine must not pass as 'this machine'."""
    db.call(user_service.create, "defaultuser", "password123", "member")
    app = create_app(settings.model_copy(update={"timetagger_localhost_auth": True}), database=db)
    url = "/timetagger/api/v2/bootstrap_authentication"
    body = bootstrap_body(method="localhost")
    with TestClient(app, raise_server_exceptions=False, client=("127.0.0.1", 1)) as local:
        assert local.post(url, content=body).status_code == 200
        forwarded = local.post(url, content=body, headers={"X-Forwarded-For": "203.0.113.5"})
        assert forwarded.status_code == 403, forwarded.text


def test_proxy_sign_in_trusts_the_proxy_that_sent_the_request(settings, db):
    db.call(user_service.create, "bob", "password123", "member")
    app = create_app(
        settings.model_copy(update={"timetagger_proxy_auth": True, "trusted_proxies": "10.0.0.0/8"}),
        database=db,
    )
    url = "/timetagger/api/v2/bootstrap_authentication"
    body = bootstrap_body(method="proxy")
    headers = {"X-Remote-User": "bob", "X-Forwarded-For": "203.0.113.5"}
    proxied, stranger = client_at(app, "10.0.0.2"), client_at(app, "192.0.2.1")
    assert proxied.post(url, content=body, headers=headers).status_code == 200
    spoofed = {**headers, "X-Forwarded-For": "10.0.0.2"}
    assert stranger.post(url, content=body, headers=spoofed).status_code == 403
