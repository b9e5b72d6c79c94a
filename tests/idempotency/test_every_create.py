"""Idempotency-Key on every create: projects, clients, tasks, webhooks and imports, as on time entries."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.auth.helpers import scalar
from tests.checks import assert_error

V1 = "/api/v1"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
PROJECT = "<project id>"

# (path, body, another valid body, the table the creation adds a row to)
CREATES = [
    ("/projects", {"name": "Website"}, {"name": "Shop"}, "projects"),
    ("/clients", {"name": "Acme"}, {"name": "Globex"}, "clients"),
    ("/tasks", {"name": "Login", "project_id": PROJECT}, {"name": "Logout", "project_id": PROJECT}, "tasks"),
    ("/webhooks", {"url": "https://hooks.invalid/pc"}, {"url": "https://hooks.invalid/other"}, "webhooks"),
]
IDS = [path.strip("/") for path, *_ in CREATES]


def rows(db: Any, table: str) -> int:
    return int(scalar(db, f"SELECT COUNT(*) FROM {table}"))


@pytest.fixture
def admins(api):
    """Two admins (keys are per user) and a project for the tasks."""
    first, second = api.headers(api.user("admin")), api.headers(api.user("admin"))
    res = api.post(f"{V1}/projects", json={"name": "Home"}, headers=first)
    assert res.status_code == 201, res.text
    return first, second, res.json()["project"]["id"]


def post(api, path, body, headers, key, project_id):
    body = {k: project_id if v == PROJECT else v for k, v in body.items()}
    return api.post(V1 + path, json=body, headers={**headers, "Idempotency-Key": key})


@pytest.mark.parametrize(("path", "body", "other", "table"), CREATES, ids=IDS)
def test_the_same_key_twice_returns_the_first_answer_and_creates_one(
    api, db, admins, path, body, other, table
):
    h, _, pid = admins
    before = rows(db, table)
    first = post(api, path, body, h, "once-1", pid)
    again = post(api, path, body, h, "once-1", pid)
    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert rows(db, table) == before + 1


@pytest.mark.parametrize(("path", "body", "other", "table"), CREATES, ids=IDS)
def test_the_same_key_with_another_body_is_refused(api, db, admins, path, body, other, table):
    h, _, pid = admins
    before = rows(db, table)
    assert post(api, path, body, h, "k-1", pid).status_code == 201
    assert_error(post(api, path, other, h, "k-1", pid), 400, "idempotency_key_reused")
    assert rows(db, table) == before + 1


@pytest.mark.parametrize(("path", "body", "other", "table"), CREATES, ids=IDS)
def test_keys_belong_to_their_user(api, db, admins, path, body, other, table):
    first, second, pid = admins
    before = rows(db, table)
    for h, data in ((first, body), (second, other)):
        res = post(api, path, data, h, "shared", pid)
        assert res.status_code == 201, res.text
        assert "Idempotent-Replayed" not in res.headers
    assert rows(db, table) == before + 2


def test_a_refused_create_is_not_remembered(api, db, admins):
    h, _, pid = admins
    refused = post(api, "/tasks", {"name": "x", "project_id": 999}, h, "t-1", pid)
    assert_error(refused, 400, "invalid_project")
    assert rows(db, "tasks") == 0
    # Nothing was kept under the key, so it is free for the corrected request.
    fixed = post(api, "/tasks", {"name": "x", "project_id": PROJECT}, h, "t-1", pid)
    assert fixed.status_code == 201, fixed.text
    assert "Idempotent-Replayed" not in fixed.headers


IMPORT = f"{V1}/imports?format=toggl&timezone=Europe/Berlin"


def test_a_retried_import_returns_the_first_report(api, db, admins):
    h, _, _ = admins
    h = {**h, "Idempotency-Key": "import-1"}
    body = (FIXTURES / "toggl.csv").read_bytes()
    first = api.post(IMPORT, content=body, headers=h)
    assert first.status_code == 200, first.text
    assert first.json()["import"]["imported"] == 4
    entries = rows(db, "time_entries")
    # Sent again as a form: another boundary around the same file is the same request.
    again = api.post(IMPORT, files={"file": ("toggl.csv", body, "text/csv")}, headers=h)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()  # not "0 imported, 4 duplicates"
    assert again.headers["Idempotent-Replayed"] == "true"
    assert rows(db, "time_entries") == entries
    # The same key with other parameters is another request.
    other = api.post(IMPORT.replace("Europe/Berlin", "UTC"), content=body, headers=h)
    assert_error(other, 400, "idempotency_key_reused")


def test_a_dry_run_is_not_remembered(api, db, admins):
    h, _, _ = admins
    h = {**h, "Idempotency-Key": "dry"}
    body = (FIXTURES / "toggl.csv").read_bytes()
    for _ in range(2):
        res = api.post(f"{IMPORT}&dry_run=true", content=body, headers=h)
        assert res.status_code == 200, res.text
        assert "Idempotent-Replayed" not in res.headers
    assert rows(db, "time_entries") == 0
    assert rows(db, "idempotency_keys") == 0


def test_concurrent_copies_of_one_create_make_one_project(live, db):
    headers = {**live.headers(live.user("admin")), "Idempotency-Key": "race"}
    barrier = threading.Barrier(6)

    def send(_: int) -> httpx.Response:
        barrier.wait()
        return httpx.post(f"{live.base}{V1}/projects", json={"name": "Raced"}, headers=headers, timeout=30)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["project"]["id"] for a in answers}) == 1
    assert rows(db, "projects") == 1


def test_a_token_created_twice_under_one_key_is_one_token_and_its_secret_is_never_replayed(api, db, admins):
    first, second, _ = admins
    body = {"name": "ci", "scopes": ["read:projects"]}
    made = api.post(f"{V1}/tokens", json=body, headers={**first, "Idempotency-Key": "tok-1"})
    assert made.status_code == 201, made.text
    assert made.json()["token"].startswith("tt_")
    again = api.post(f"{V1}/tokens", json=body, headers={**first, "Idempotency-Key": "tok-1"})
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["token"] is None
    assert again.json()["api_token"] == made.json()["api_token"]
    assert rows(db, "api_tokens") == 1 + 2  # the fixture's two tokens and this one
    secret = made.json()["token"]
    assert scalar(db, "SELECT COUNT(*) FROM idempotency_keys WHERE body LIKE :s", s=f"%{secret}%") == 0
    assert_error(
        api.post(
            f"{V1}/tokens", json={**body, "name": "other"}, headers={**first, "Idempotency-Key": "tok-1"}
        ),
        400,
        "idempotency_key_reused",
    )
    other = api.post(f"{V1}/tokens", json=body, headers={**second, "Idempotency-Key": "tok-1"})
    assert other.json()["token"].startswith("tt_")  # keys are per user
