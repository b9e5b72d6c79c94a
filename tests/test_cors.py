"""CORS: off by default; the listed origins (or *) may call the API from a browser, never with credentials."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from tests.conftest import Api

STATUS = "/api/v1/timer/status"
PREFLIGHT = {
    "Origin": "https://dash.example",
    "Access-Control-Request-Method": "GET",
    "Access-Control-Request-Headers": "authorization",
}


@pytest.fixture
def cors_api(settings, db, request):
    app = create_app(settings.model_copy(update={"cors_origins": request.param}), database=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, db)


def test_off_by_default(api):
    res = api.client.options(STATUS, headers=PREFLIGHT)
    assert res.status_code == 204  # the plain OPTIONS answer: no CORS headers, so the browser refuses
    assert "access-control-allow-origin" not in res.headers
    h = api.headers(api.user())
    res = api.get(STATUS, headers={**h, "Origin": "https://dash.example"})
    assert res.status_code == 200
    assert "access-control-allow-origin" not in res.headers


@pytest.mark.parametrize("cors_api", ["https://dash.example, https://other.example/"], indirect=True)
def test_a_listed_origin_is_allowed_and_others_are_not(cors_api):
    res = cors_api.client.options(STATUS, headers=PREFLIGHT)
    assert res.status_code == 204
    assert res.headers["access-control-allow-origin"] == "https://dash.example"
    assert "Authorization" in res.headers["access-control-allow-headers"]
    assert "PATCH" in res.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in res.headers
    h = cors_api.headers(cors_api.user())
    for origin in ("https://dash.example", "https://other.example"):
        res = cors_api.get(STATUS, headers={**h, "Origin": origin})
        assert res.status_code == 200
        assert res.headers["access-control-allow-origin"] == origin
        assert "Origin" in res.headers["vary"]
        assert "X-RateLimit-Remaining" in res.headers["access-control-expose-headers"]
    refused = cors_api.client.options(STATUS, headers={**PREFLIGHT, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in refused.headers
    res = cors_api.get(STATUS, headers={**h, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in res.headers
    # An error the page should be able to read carries the header too.
    res = cors_api.get(STATUS, headers={"Origin": "https://dash.example"})
    assert res.status_code == 401
    assert res.headers["access-control-allow-origin"] == "https://dash.example"


@pytest.mark.parametrize("cors_api", ["*"], indirect=True)
def test_any_origin_never_with_credentials(cors_api):
    res = cors_api.client.options(
        "/api/v1/time-entries", headers={**PREFLIGHT, "Origin": "https://a.example"}
    )
    assert res.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in res.headers
    res = cors_api.get("/api/v1/info", headers={"Origin": "https://b.example"})
    assert res.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in res.headers
