"""Contract tests: the OpenAPI document covers seed 003's API, and /api/docs works offline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from punchclock.config import Settings

# Every endpoint of seed 003 (the REST API reference), plus the token management that replaces its
# admin pages. Method and path as the seed writes them.
SEED_OPERATIONS = {
    ("get", "/api/v1/info"),
    ("get", "/api/v1/health"),
    ("get", "/api/v1/projects"),
    ("post", "/api/v1/projects"),
    ("get", "/api/v1/projects/{project_id}"),
    ("put", "/api/v1/projects/{project_id}"),
    ("delete", "/api/v1/projects/{project_id}"),
    ("get", "/api/v1/time-entries"),
    ("post", "/api/v1/time-entries"),
    ("put", "/api/v1/time-entries/{entry_id}"),
    ("delete", "/api/v1/time-entries/{entry_id}"),
    ("get", "/api/v1/timer/status"),
    ("post", "/api/v1/timer/start"),
    ("post", "/api/v1/timer/stop"),
    ("get", "/api/v1/tasks"),
    ("post", "/api/v1/tasks"),
    ("get", "/api/v1/clients"),
    ("post", "/api/v1/clients"),
    ("get", "/api/v1/reports/summary"),
    ("get", "/api/v1/users/me"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{token_id}"),
}
PUBLIC = {
    ("get", "/api/v1/info"),
    ("get", "/api/v1/health"),
    ("get", "/api/v1/ready"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/session"),
    ("post", "/api/v1/auth/proxy"),
    ("post", "/api/v1/auth/password-reset"),
    ("post", "/api/v1/auth/password-reset/complete"),
    ("post", "/api/v1/invitations/accept"),
    ("get", "/api/v1/auth/methods"),
    ("post", "/api/v1/auth/oidc/start"),
    ("get", "/api/v1/auth/oidc/callback"),
    ("post", "/api/v1/auth/oidc/handoff"),
}
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}

DOCS_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "init.js": "text/javascript",
    "favicon-32x32.png": "image/png",
}


@pytest.fixture
def client(tmp_path) -> Iterator[TestClient]:
    """The schema and the docs touch no database: one backend is enough."""
    settings = Settings(data_dir=tmp_path, secret_key="s" * 40, access_log=False)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def spec(client) -> dict:
    res = client.get("/api/openapi.json")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("application/json")
    return res.json()


def _operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


def test_document_is_openapi_3(spec):
    assert re.fullmatch(r"3\.\d+\.\d+", spec["openapi"])
    assert spec["info"]["title"]
    assert spec["info"]["version"]
    assert spec["paths"]


def test_every_seed_endpoint_is_documented(spec):
    documented = {(method, path) for method, path, _ in _operations(spec)}
    assert not SEED_OPERATIONS - documented, sorted(SEED_OPERATIONS - documented)


def test_only_the_versioned_api_is_documented(spec):
    # The docs page, its assets and the / redirect stay out of the schema.
    assert all(path.startswith("/api/v1/") for path in spec["paths"])


def test_every_operation_has_a_summary_and_a_description(spec):
    missing = [
        f"{method.upper()} {path}"
        for method, path, op in _operations(spec)
        if not op.get("summary", "").strip() or not op.get("description", "").strip()
    ]
    assert not missing


def test_summaries_are_the_docstrings_first_lines(spec):
    # STYLE.md: one-line docstrings on endpoints become their OpenAPI summaries (not names like
    # "Update Project Patch" derived from the function).
    wrong = {
        f"{method.upper()} {path}": op["summary"]
        for method, path, op in _operations(spec)
        if op["summary"] != op.get("description", "").strip().splitlines()[0].rstrip(".")
    }
    assert not wrong


def test_operation_ids_are_unique(spec):
    ids = [op.get("operationId") for _, _, op in _operations(spec)]
    assert all(ids)
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_protected_operations_declare_their_security(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer"
    assert (schemes["APIKeyHeader"]["in"], schemes["APIKeyHeader"]["name"]) == ("header", "X-API-Key")
    for method, path, op in _operations(spec):
        if (method, path) in PUBLIC:
            assert not op.get("security"), f"{method} {path}"
        else:
            assert op.get("security"), f"{method.upper()} {path} declares no security"


def test_documented_responses_match_the_api(spec, client):
    # The API answers invalid input with 400 and its error shape, never FastAPI's 422.
    res = client.post("/api/v1/auth/login", json={})
    assert res.status_code == 400
    documented_422 = [f"{m.upper()} {p}" for m, p, op in _operations(spec) if "422" in op["responses"]]
    assert documented_422 == []


# /api/docs


def test_docs_page_uses_only_local_assets(client):
    res = client.get("/api/docs")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/html")
    html = res.text
    assert not re.search(r"https?://", html)
    refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert refs, "the page loads no assets"
    assert all(ref.startswith("/api/docs/static/") for ref in refs), refs
    # No inline script: the page's CSP (default-src 'self') would block it.
    assert all(re.search(r"\bsrc=", tag) for tag in re.findall(r"<script[^>]*>", html))
    assert {ref.rsplit("/", 1)[1] for ref in refs} == set(DOCS_ASSETS)


@pytest.mark.parametrize(("name", "content_type"), sorted(DOCS_ASSETS.items()))
def test_docs_assets_are_served(client, name, content_type):
    res = client.get(f"/api/docs/static/{name}")
    assert res.status_code == 200
    assert res.headers["content-type"].split(";")[0] == content_type
    assert len(res.content) > 100
    assert res.headers["x-content-type-options"] == "nosniff"


def test_docs_init_loads_the_local_schema(client):
    script = client.get("/api/docs/static/init.js").text
    assert '"/api/openapi.json"' in script
    assert not re.search(r"https?://", script)


@pytest.mark.parametrize("name", ["LICENSE", "..%2Fendpoints.py", "nope.js", "NOTICE"])
def test_docs_static_serves_only_its_assets(client, name):
    res = client.get(f"/api/docs/static/{name}")
    assert res.status_code == 404
    assert res.json()["code"] == "not_found"


def test_operations_document_the_errors_they_can_answer(client):
    schema = client.get("/api/openapi.json").json()
    project = schema["paths"]["/api/v1/projects/{project_id}"]
    for status in ("400", "401", "403", "404", "409", "413", "429", "503"):
        assert status in project["put"]["responses"], status
        assert project["put"]["responses"][status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "401" not in schema["paths"]["/api/v1/info"]["get"]["responses"]
    export = schema["paths"]["/api/v1/exports/report"]["get"]["responses"]["200"]["content"]
    assert {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(export)


def test_options_answers_the_allowed_methods(client):
    res = client.options("/api/v1/projects/1")
    assert res.status_code == 204
    assert set(res.headers["allow"].split(", ")) == {"GET", "PUT", "PATCH", "DELETE", "OPTIONS"}
    assert res.headers["x-content-type-options"] == "nosniff"
    assert client.options("/api/v1/no-such-thing").status_code == 404
