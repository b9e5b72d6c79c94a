"""The timer's lean routes (POST /timer/start and /timer/stop, punchclock.lean) answer exactly as
the normal FastAPI path does.

Two apps share one database, one with lean routes and one without. Two members with the same
projects act in step: whatever one does through the lean app, the other does through the plain app,
and the answers must match once each member's own values (ids, names, times) are set aside. A spy
records which requests the lean handlers answered themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from tests.entry.helpers import project
from tests.lean_spy import freeze_rate_limit_clock, spy_on_lean_routes

START, STOP = "/api/v1/timer/start", "/api/v1/timer/stop"
VARYING_HEADERS = {"x-request-id", "server-timing", "date", "content-length"}
PER_USER = {"id", "user_id", "user", "start_time", "end_time", "created_at", "updated_at", "request_id"}
# A stop's duration depends on when it was sent: on a loaded machine the twins' stops can fall in
# different seconds (seen in CI: 1 s against 2 s), so durations count as each member's own values.
PER_USER |= {"duration_seconds", "duration_hours", "duration_formatted"}


def _same_shape(value: Any) -> Any:
    """An answer with each member's own values blanked."""
    if isinstance(value, dict):
        return {k: "*" if k in PER_USER else _same_shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_shape(v) for v in value]
    return value


class Twins:
    def __init__(self, lean: TestClient, plain: TestClient, taken: list[str], a: dict, b: dict) -> None:
        self.lean, self.plain, self.taken, self.a, self.b = lean, plain, taken, a, b

    def send(self, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        """The same request by member A to the lean app and by member B to the plain app."""
        extra = headers or {}
        a = self.lean.post(path, content=body, headers={**self.a, **extra})
        b = self.plain.post(path, content=body, headers={**self.b, **extra})
        assert a.status_code == b.status_code, (path, a.text, b.text)
        assert _headers(a) == _headers(b), path
        assert _same_shape(a.json()) == _same_shape(b.json()), path
        return a

    def lean_took(self, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        before = len(self.taken)
        res = self.send(path, body, headers)
        assert len(self.taken) == before + 1, f"the lean route passed on {path} {body!r}"
        return res

    def normal_took(self, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
        before = len(self.taken)
        res = self.send(path, body, headers)
        assert len(self.taken) == before, f"the lean route answered {path} {body!r}"
        return res


def _headers(res: Any) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in res.headers.multi_items() if k not in VARYING_HEADERS)


JSON = {"Content-Type": "application/json"}


@pytest.fixture
def twins(settings, db, api, monkeypatch) -> Iterator[SimpleNamespace]:
    freeze_rate_limit_clock(monkeypatch)
    taken = spy_on_lean_routes(monkeypatch, "POST")
    pid = project(api, api.headers(api.user("admin")), "Website", billable=False)
    a, b = api.user(), api.user()
    lean_app = create_app(settings, database=db)
    plain_app = create_app(settings, database=db, lean_routes=False)
    with (
        TestClient(lean_app, raise_server_exceptions=False) as lean,
        TestClient(plain_app, raise_server_exceptions=False) as plain,
    ):
        yield SimpleNamespace(
            t=Twins(lean, plain, taken, api.headers(a), api.headers(b)), a=a, b=b, api=api, pid=pid
        )


def test_start_and_stop_take_the_lean_route_and_match(twins):
    t = twins.t
    started = t.lean_took(START, b"{}", JSON).json()
    assert started["message"] == "Timer started successfully"
    assert started["timer"]["is_active"] is True
    assert started["timer"]["user_id"] == twins.a.id
    assert t.lean_took(START, b"{}", JSON).json()["code"] == "timer_already_running"  # 409, after sign-in
    stopped = t.lean_took(STOP).json()
    assert stopped["time_entry"]["id"] == started["timer"]["id"]
    assert stopped["time_entry"]["is_active"] is False
    assert t.lean_took(STOP).json()["code"] == "no_active_timer"  # 400
    # Each member has exactly one entry, from the app it used.
    for user, headers in ((twins.a, t.a), (twins.b, t.b)):
        listed = twins.api.get("/api/v1/time-entries", headers=headers).json()["time_entries"]
        assert [e["user_id"] for e in listed] == [user.id]
        assert listed[0]["source"] == "timer"


@pytest.mark.parametrize(
    "body",
    [
        None,
        b"",
        b"null",
        b"{}",
        b'{"notes": "Deep work", "tags": "focus,Deep", "billable": true}',
        b'{"project_id": PID, "notes": "site"}',
        b'{"start_time": "2024-01-15T09:00:00+01:00"}',
        b'{"billable": "yes"}',  # Pydantic's lax bool, as in the normal path
    ],
)
def test_well_formed_starts_take_the_lean_route(twins, body):
    body = body.replace(b"PID", str(twins.pid).encode()) if body else body
    t = twins.t
    headers = JSON if body else None
    res = t.lean_took(START, body, headers)
    assert res.status_code == 201
    if body and b"project_id" in body:
        assert res.json()["timer"]["project"] == "Website"
        assert res.json()["timer"]["billable"] is False  # the project's default
    t.lean_took(STOP, b'{"end_time": null}', JSON)


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b'{"notes": 5}', JSON, 400),  # fails validation: the normal path words the error
        (b'{"colour": "red"}', JSON, 400),  # unknown field
        (b'{"project_id": 0}', JSON, 400),
        (b"{not json", JSON, 400),
        (b"[]", JSON, 400),
        (b'{"notes": NaN}', JSON, 400),  # Python's parser takes NaN; orjson does not
        (b"{}", {"Content-Type": "text/plain"}, 400),  # FastAPI reads no JSON from it
        (b"{}", {"Content-Type": "application/json; charset=utf-8"}, 201),
        (b"{}", {**JSON, "Idempotency-Key": "k-123456"}, 201),
    ],
)
def test_unusual_starts_go_down_the_normal_path(twins, body, headers, status):
    res = twins.t.normal_took(START, body, headers)
    assert res.status_code == status, res.text
    if status == 201:
        twins.t.lean_took(STOP)


def test_a_query_string_goes_down_the_normal_path(twins):
    assert twins.t.normal_took(START + "?x=1", b"{}", JSON).status_code == 201
    assert twins.t.normal_took(STOP + "?x=1").status_code == 200


def test_stop_errors_after_sign_in_are_rendered_alike(twins):
    t = twins.t
    t.lean_took(START, b'{"start_time": "2024-01-15T09:00:00Z"}', JSON)
    res = t.lean_took(STOP, b'{"end_time": "2024-01-15T08:00:00Z"}', JSON)
    assert (res.status_code, res.json()["code"]) == (400, "end_before_start")
    res = t.lean_took(STOP, b'{"end_time": "2024-01-15T10:00:00Z"}', JSON)
    assert res.json()["time_entry"]["duration_seconds"] == 3600


def test_refused_credentials_go_down_the_normal_path(twins):
    t = twins.t
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer pc_nope"}):
        a = t.lean.post(START, content=b"{}", headers={**JSON, **headers})
        b = t.plain.post(START, content=b"{}", headers={**JSON, **headers})
        assert a.status_code == b.status_code == 401
        assert _same_shape(a.json()) == _same_shape(b.json())
    assert t.taken == []
    read_only = {"Authorization": f"Bearer {twins.api.token(twins.a, 'read:time_entries')}"}
    res = t.lean.post(START, content=b"{}", headers={**JSON, **read_only})
    assert (res.status_code, res.json()["required_scope"]) == (403, "write:time_entries")
    assert t.taken == []


def test_a_body_sent_in_parts_reaches_either_path_whole(twins):
    # The lean route reads the body; when it passes, the normal path gets the same bytes again.
    t = twins.t

    def parts(body: bytes) -> Iterator[bytes]:
        yield body[:3]
        yield body[3:]

    res = t.lean.post(START, content=parts(b'{"notes": "chunked"}'), headers={**JSON, **t.a})
    assert (res.status_code, res.json()["timer"]["notes"]) == (201, "chunked")
    assert t.taken == [START]
    res = t.lean.post(STOP, content=parts(b'{"colour": 1}'), headers={**JSON, **t.a})
    assert (res.status_code, res.json()["code"]) == (400, "validation_error")
    assert t.taken == [START]


def test_pause_and_resume_take_the_lean_route_and_match(twins):
    t = twins.t
    pause, resume = "/api/v1/timer/pause", "/api/v1/timer/resume"
    assert t.lean_took(pause).json()["code"] == "no_active_timer"  # 400, after sign-in
    t.lean_took(START, b"{}", JSON)
    paused = t.lean_took(pause, b"", JSON).json()  # TimeTracker's mobile app: JSON type, empty body
    assert paused["message"] == "Timer paused"
    assert paused["time_entry"]["paused_at"] is not None
    assert t.lean_took(pause).json()["code"] == "invalid_state"
    resumed = t.lean_took(resume).json()
    assert (resumed["message"], resumed["time_entry"]["paused_at"]) == ("Timer resumed", None)
    assert t.lean_took(resume).json()["code"] == "invalid_state"
    t.normal_took(pause + "?x=1")
