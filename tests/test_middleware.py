"""The request middleware: request ids, security headers, timing, the body limit and error shapes."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app

HEX_ID = re.compile(r"^[0-9a-f]{32}$")
LIMIT = 1024


@pytest.fixture
def small_client(settings, db) -> Iterator[TestClient]:
    """An app that accepts bodies of at most LIMIT bytes and logs every request."""
    app = create_app(settings.model_copy(update={"max_body_bytes": LIMIT, "access_log": True}), database=db)

    @app.get("/api/v1/test-boom")
    async def boom() -> None:
        raise RuntimeError("the database password is hunter2")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _admin_headers(api) -> dict[str, str]:
    return api.headers(api.user("admin"))


def _project_count(client: TestClient, headers: dict[str, str]) -> int:
    res = client.get("/api/v1/projects", headers=headers)
    assert res.status_code == 200, res.text
    return res.json()["pagination"]["total"]


def _assert_error_shape(res, status: int, code: str) -> dict:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("application/json")
    body = res.json()
    assert {"error", "message", "code"} <= body.keys()
    assert body["code"] == code
    assert isinstance(body["error"], str)
    assert body["error"]
    assert isinstance(body["message"], str)
    assert body["message"]
    return body


# Request ids


def test_request_id_is_generated(api):
    first = api.get("/api/v1/info").headers["x-request-id"]
    second = api.get("/api/v1/info").headers["x-request-id"]
    assert HEX_ID.match(first)
    assert HEX_ID.match(second)
    assert first != second


@pytest.mark.parametrize("incoming", ["abc-123", "trace.A_b-9", "x" * 64])
def test_sane_incoming_request_id_is_echoed(api, incoming):
    res = api.get("/api/v1/info", headers={"X-Request-ID": incoming})
    assert res.headers["x-request-id"] == incoming


@pytest.mark.parametrize("incoming", ["has space", "x" * 65, "<script>", "a;b", "ümlaut"])
def test_insane_incoming_request_id_is_replaced(api, incoming):
    res = api.get("/api/v1/info", headers={"X-Request-ID": incoming.encode()})
    assert HEX_ID.match(res.headers["x-request-id"])


def test_error_body_carries_the_request_id(api):
    res = api.get("/api/v1/projects", headers={"X-Request-ID": "req-42"})
    body = _assert_error_shape(res, 401, "unauthorized")
    assert body["request_id"] == "req-42" == res.headers["x-request-id"]


# Security headers and timing


@pytest.mark.parametrize("path", ["/api/v1/info", "/api/v1/projects", "/api/openapi.json"])
def test_api_responses_carry_security_headers(api, path):
    res = api.get(path)
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    csp = res.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_docs_page_has_a_strict_csp(api):
    res = api.get("/api/docs")
    assert res.status_code == 200
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    parts = (part.strip().partition(" ") for part in res.headers["content-security-policy"].split(";"))
    directives = {name: value for name, _, value in parts}
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    # Scripts fall back to default-src: no inline or eval'd script is allowed on the docs page.
    assert "unsafe" not in directives.get("script-src", directives["default-src"])


def test_server_timing_is_present(api):
    for res in (api.get("/api/v1/info"), api.get("/api/v1/nope")):
        assert re.fullmatch(r"app;dur=\d+\.\d{2}", res.headers["server-timing"])


# Body limit


def test_body_over_limit_with_content_length_is_413(api, small_client):
    h = _admin_headers(api)
    payload = json.dumps({"name": "Big", "description": "x" * (2 * LIMIT)})
    res = small_client.post(
        "/api/v1/projects", content=payload, headers={**h, "Content-Type": "application/json"}
    )
    body = _assert_error_shape(res, 413, "payload_too_large")
    assert str(LIMIT) in body["message"]
    assert body["request_id"] == res.headers["x-request-id"]
    assert res.headers["x-content-type-options"] == "nosniff"
    assert _project_count(small_client, h) == 0


def test_body_over_limit_when_chunked_is_413(api, small_client):
    h = _admin_headers(api)

    def chunks() -> Iterator[bytes]:
        yield b'{"name": "Big", "description": "'
        for _ in range(8):
            yield b"x" * 256
        yield b'"}'

    res = small_client.post(
        "/api/v1/projects", content=chunks(), headers={**h, "Content-Type": "application/json"}
    )
    assert res.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in res.request.headers
    _assert_error_shape(res, 413, "payload_too_large")
    assert _project_count(small_client, h) == 0


def test_chunked_body_under_limit_is_accepted(api, small_client):
    h = _admin_headers(api)

    def chunks() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"Small"}'

    res = small_client.post(
        "/api/v1/projects", content=chunks(), headers={**h, "Content-Type": "application/json"}
    )
    assert res.status_code == 201, res.text
    assert res.json()["project"]["name"] == "Small"
    assert _project_count(small_client, h) == 1


def test_body_at_the_limit_is_accepted(api, small_client):
    h = _admin_headers(api)
    prefix = '{"name": "Exact", "description": "'
    payload = prefix + "x" * (LIMIT - len(prefix) - 2) + '"}'
    assert len(payload) == LIMIT
    res = small_client.post(
        "/api/v1/projects", content=payload, headers={**h, "Content-Type": "application/json"}
    )
    assert res.status_code == 201, res.text


# Error shapes


@pytest.mark.parametrize("path", ["/api/v1/does-not-exist", "/api/v1/projects/1/nothing", "/nowhere"])
def test_unknown_route_is_a_json_404(api, path):
    _assert_error_shape(api.get(path), 404, "not_found")


def test_wrong_method_is_a_json_405(api):
    res = api.delete("/api/v1/info")
    _assert_error_shape(res, 405, "method_not_allowed")
    assert "GET" in res.headers["allow"]


def test_unexpected_exception_is_a_json_500_without_details(small_client, caplog):
    with caplog.at_level(logging.ERROR, logger="punchclock"):
        res = small_client.get("/api/v1/test-boom", headers={"X-Request-ID": "boom-1"})
    body = _assert_error_shape(res, 500, "internal_error")
    for leak in ("Traceback", "RuntimeError", "hunter2", "test_middleware"):
        assert leak not in res.text
    assert body["request_id"] == "boom-1"
    # The 500 still goes through the middleware: request id and security headers.
    assert res.headers["x-request-id"] == "boom-1"
    assert res.headers["x-content-type-options"] == "nosniff"
    # ...and the error itself is logged server-side, with the request id.
    assert any("boom-1" in r.getMessage() and r.exc_info for r in caplog.records)


def test_access_log_has_one_line_per_request_including_errors(small_client, caplog):
    with caplog.at_level(logging.INFO, logger="punchclock.access"):
        small_client.get("/api/v1/info", headers={"X-Request-ID": "log-ok"})
        small_client.get("/api/v1/test-boom", headers={"X-Request-ID": "log-boom"})
        small_client.post("/api/v1/projects", content=b"x" * (LIMIT + 1), headers={"X-Request-ID": "log-big"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "punchclock.access"]
    by_id = {line["request_id"]: line for line in lines}
    assert len(lines) == 3
    assert by_id["log-ok"]["status"] == 200
    assert by_id["log-ok"]["path"] == "/api/v1/info"
    assert by_id["log-boom"]["status"] == 500
    assert by_id["log-big"]["status"] == 413
    assert by_id["log-big"]["method"] == "POST"


def test_opentelemetry_is_off_unless_asked_for(settings, db, monkeypatch):
    """FastAPI traces every request once an OpenTelemetry SDK is configured in the process, and
    looks for one on every request; Punchclock asks it to only with PUNCHCLOCK_OPENTELEMETRY."""
    from opentelemetry import trace

    class Configured:  # not one of the API's placeholder providers: an SDK's, as far as FastAPI knows
        pass

    monkeypatch.setattr(trace, "get_tracer_provider", Configured)
    off = create_app(settings, database=db)
    on = create_app(settings.model_copy(update={"opentelemetry": True}), database=db)
    assert off._native_telemetry.enabled() is False
    assert on._native_telemetry.enabled() is True


@pytest.mark.parametrize("length", [b"\xb3", "١٢".encode(), b"-1", b"1e3", b" 12", b"9" * 40])
def test_a_content_length_that_is_not_ascii_digits_gets_413_not_500(length):
    import asyncio

    from punchclock.middleware import RequestMiddleware

    async def app(scope, receive, send):  # never reached
        raise AssertionError("the app was called")

    middleware = RequestMiddleware(app, max_body_bytes=LIMIT, log_requests=False)
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/projects",
        "headers": [(b"content-length", length)],  # b"\xb3" reads as "³" in latin-1
        "client": ("127.0.0.1", 1),
    }
    asyncio.run(middleware(scope, receive, send))
    assert sent[0]["status"] == 413
