"""Lean routes (punchclock.lean) answer exactly as the normal FastAPI path does.

Every request goes to two apps on the same database: one with lean routes, one without. Status,
headers (all but the per-request id, timing and date) and body (all but the request id) must match,
and the lean app must really have taken the well-formed requests itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from punchclock.app import create_app
from tests.entry.helpers import ENTRIES, entry, project, task
from tests.lean_spy import freeze_rate_limit_clock, spy_on_lean_routes
from tests.team.helpers import make_team

PER_MINUTE = 40
VARYING = {"x-request-id", "server-timing", "date"}
STATUS = "/api/v1/timer/status"
WEEK = f"{ENTRIES}?start_date=2024-01-15&end_date=2024-01-21&per_page=50&include_active=true"


class Pair:
    def __init__(self, lean: TestClient, plain: TestClient, taken: list[bytes]) -> None:
        self.lean, self.plain, self.taken = lean, plain, taken

    def same(self, url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Any:
        """Send the request to both apps, check the answers match, return the lean one."""
        a = self.lean.request(method, url, headers=headers, follow_redirects=False)
        b = self.plain.request(method, url, headers=headers, follow_redirects=False)
        assert a.status_code == b.status_code, (url, a.text, b.text)
        assert _headers(a) == _headers(b), url
        if a.headers.get("content-type", "").startswith("application/json") and a.content:
            assert _body(a) == _body(b), url
        else:
            assert a.content == b.content, url
        return a

    def lean_took(self, url: str, headers: dict[str, str] | None = None) -> Any:
        before = len(self.taken)
        res = self.same(url, headers)
        assert len(self.taken) == before + 1, f"the lean route passed on {url}"
        return res

    def normal_took(self, url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Any:
        before = len(self.taken)
        res = self.same(url, headers, method)
        assert len(self.taken) == before, f"the lean route answered {url}"
        return res


def _headers(res: Any) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in res.headers.multi_items() if k not in VARYING)


def _body(res: Any) -> Any:
    body = res.json()
    if isinstance(body, dict):
        assert body.pop("request_id", None) == res.headers["x-request-id"] or "request_id" not in body
    return body


@pytest.fixture
def pair(settings, db, monkeypatch) -> Iterator[Pair]:
    freeze_rate_limit_clock(monkeypatch)
    taken = spy_on_lean_routes(monkeypatch, "GET")
    limited = settings.model_copy(update={"rate_limit_per_minute": PER_MINUTE})
    lean_app = create_app(limited, database=db)
    plain_app = create_app(limited, database=db, lean_routes=False)
    with (
        TestClient(lean_app, raise_server_exceptions=False) as lean,
        TestClient(plain_app, raise_server_exceptions=False) as plain,
    ):
        yield Pair(lean, plain, taken)


@pytest.fixture
def team(api) -> SimpleNamespace:
    """A member with a week of entries (one running), another member, a manager, and their headers."""
    admin_h = api.headers(api.user("admin"))
    member, other, manager = api.user(), api.user(), api.user("manager")
    mh = api.headers(member)
    pid = project(api, admin_h, "Website", billable=True)
    tid = task(api, admin_h, pid)
    for day in range(15, 20):
        entry(api, mh, f"2024-01-{day}T09:00:00Z", f"2024-01-{day}T10:30:00Z", project_id=pid, tags="a,b")
        entry(api, mh, f"2024-01-{day}T11:00:00Z", f"2024-01-{day}T12:00:00Z", task_id=tid, billable=False)
    entry(api, api.headers(other), "2024-01-16T09:00:00Z", "2024-01-16T10:00:00Z")
    entry(api, mh, "2024-01-20T08:00:00Z", notes="running")
    return SimpleNamespace(
        member=member, other=other, h=mh, other_h=api.headers(other), manager_h=api.headers(manager),
        pid=pid, tid=tid, api=api,
    )  # fmt: skip


def test_the_week_list_takes_the_lean_route_and_matches(pair, team):
    res = pair.lean_took(WEEK, team.h)
    assert res.status_code == 200
    body = res.json()
    assert body["pagination"]["total"] == 11
    assert len(body["time_entries"]) == 11
    assert res.headers["x-ratelimit-remaining"] == str(PER_MINUTE - 1)
    assert res.headers["content-security-policy"]
    assert res.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("query", "status", "owners"),
    [
        ("", 200, {"lead", "member"}),
        ("?per_page=3&page=2", 200, {"member"}),  # a full page of several users: the total is counted
        ("?include_active=true&per_page=100", 200, {"lead", "member"}),
        ("?user_id={member}", 200, {"member"}),
        ("?user_id={other}", 403, set()),  # someone outside the lead's teams
    ],
)
def test_a_team_lead_gets_the_same_answer_on_the_lean_route(pair, team, query, status, owners):
    """With teams, a lead's list holds their teams' members and themselves on both paths."""
    api = team.api
    lead = api.user("manager", name="lead")
    make_team(api, api.headers(api.user("admin")), "Support", leads=(lead,), members=(team.member,))
    entry(api, api.headers(lead), "2024-01-16T13:00:00Z", "2024-01-16T14:00:00Z")
    url = ENTRIES + query.format(member=team.member.id, other=team.other.id)
    res = pair.lean_took(url, api.headers(lead))
    assert res.status_code == status
    if status == 200:
        assert {e["user"] for e in res.json()["time_entries"]} == {
            {"lead": "lead", "member": team.member.username}[o] for o in owners
        }


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?per_page=3",
        "?per_page=3&page=2",
        "?per_page=3&page=4",  # the last, short page
        "?per_page=5&page=2",  # a full last page: the total is counted
        "?per_page=3&page=9",  # past the end
        "?per_page=100&include_active=true",
        "?include_active=false",
        "?include_active=1&billable=0",
        "?billable=true",
        "?start_date=2024-01-17&end_date=2024-01-17",
        "?start_date=2024-01-17T10:00:00&end_date=2024-01-18T00:00:00Z",
        "?start_date=2030-01-01",  # nothing matches
        "?project_id={pid}",
        "?task_id={tid}",
        "?project_id=999999",
        "?user_id={member}",
    ],
)
def test_well_formed_queries_take_the_lean_route(pair, team, query):
    url = ENTRIES + query.format(pid=team.pid, tid=team.tid, member=team.member.id)
    assert pair.lean_took(url, team.h).status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?start_date=yesterday", 400),
        ("?start_date=2024-01-20&end_date=2024-01-10", 400),  # reversed
        ("?start_date=2024-01-20&end_date=2024-01-20T00:00:00Z", 400),  # empty
        ("?end_date=1969-12-31", 400),  # out of range
        ("?user_id={other}", 403),  # a member filtering by someone else
    ],
)
def test_errors_after_authentication_are_rendered_alike(pair, team, query, status):
    res = pair.lean_took(ENTRIES + query.format(other=team.other.id), team.h)
    assert res.status_code == status
    assert {"error", "message", "code", "request_id"} <= res.json().keys()


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?per_page=0", 400),
        ("?per_page=101", 200),  # clamped to 100 by the normal path
        ("?per_page=abc", 400),
        ("?page=0", 400),
        ("?page=1.5", 400),
        ("?project_id=0", 400),
        ("?user_id=2147483648", 400),
        ("?start_date=" + "2" * 41, 400),
        ("?include_active=maybe", 400),
        ("?per_page=050", 200),  # not the plain form: left to FastAPI
        ("?per_page=+5", 200),
        ("?include_active=yes&billable=off", 200),
        ("?include_active=TRUE", 200),
        ("?start_date=", 200),
        ("?per_page=5&per_page=7", 200),  # repeated: FastAPI takes the last
        ("?colour=red", 200),  # unknown: ignored by FastAPI
        ("?start_date=2024-01-15%2B01:00", 200),  # percent-encoded, still fine
    ],
)
def test_unusual_queries_go_down_the_normal_path(pair, team, query, status):
    res = pair.same(ENTRIES + query, team.h)
    assert res.status_code == status
    if status == 200 and "%2B" not in query:
        assert len(pair.taken) == 0


def test_percent_encoded_values_mean_the_same(pair, team):
    pair.lean_took(f"{ENTRIES}?start_date=2024-01-17T10%3A00%3A00%2B01%3A00", team.h)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer   "},
        {"Authorization": "Bearer pc_not-a-real-token"},
        {"Authorization": "Bearer not.a.jwt"},
        {"Authorization": "Bearer " + "x" * 5000},
        {"X-API-Key": "pc_not-a-real-token"},
        {"X-API-Key": "  "},
    ],
)
def test_refused_credentials_go_down_the_normal_path(pair, team, headers):
    res = pair.normal_took(WEEK, headers)
    assert res.status_code == 401
    assert res.json()["code"] in ("unauthorized", "invalid_token")


def test_a_token_without_the_scope_gets_the_same_403(pair, team):
    h = {"Authorization": f"Bearer {team.api.token(team.member, 'read:projects')}"}
    res = pair.normal_took(WEEK, h)
    assert res.status_code == 403
    body = res.json()
    assert body["required_scope"] == "read:time_entries"
    assert body["available_scopes"] == ["read:projects"]


def test_other_credentials_take_the_lean_route(pair, team):
    token = team.h["Authorization"].split()[1]
    pair.lean_took(WEEK, {"X-API-Key": token})
    pair.lean_took(WEEK, {"Authorization": f"Token {token}"})
    pair.lean_took(WEEK, {"Authorization": f"bearer {token}", "X-API-Key": "ignored"})
    pair.lean_took(WEEK, team.api.login(team.member.username))  # a web token


def test_a_manager_sees_everyone_alike(pair, team):
    assert pair.lean_took(WEEK, team.manager_h).json()["pagination"]["total"] == 12
    url = f"{ENTRIES}?user_id={team.other.id}&start_date=2024-01-15"
    assert pair.lean_took(url, team.manager_h).json()["pagination"]["total"] == 1


def test_other_methods_and_paths_go_down_the_normal_path(pair, team):
    assert pair.normal_took(WEEK, team.h, method="HEAD").status_code == 405
    assert pair.normal_took(f"{ENTRIES}/", team.h).status_code == 307
    assert pair.normal_took(f"{ENTRIES}/999999", team.h).status_code == 404


def test_gzip_and_a_given_request_id_apply_alike(pair, team):
    res = pair.lean_took(WEEK, {**team.h, "Accept-Encoding": "gzip"})
    assert res.headers["content-encoding"] == "gzip"
    res = pair.lean_took(WEEK, {**team.h, "X-Request-ID": "abc-123"})
    assert res.headers["x-request-id"] == "abc-123"


def test_the_rate_limit_and_its_429_match(pair, team):
    for remaining in range(PER_MINUTE - 1, -1, -1):
        res = pair.lean_took(WEEK, team.h)
        assert res.headers["x-ratelimit-remaining"] == str(remaining)
    res = pair.lean_took(WEEK, team.h)
    assert res.status_code == 429
    assert res.json()["code"] == "rate_limited"
    assert res.headers["retry-after"]
    assert res.headers["x-ratelimit-remaining"] == "0"


def test_the_timer_status_takes_the_lean_route_and_matches(pair, team):
    running = pair.lean_took(STATUS, team.h).json()
    assert running["active"] is True
    assert running["timer"]["notes"] == "running"
    assert running["timer"]["end_time"] is None
    assert pair.lean_took(STATUS, team.other_h).json() == {"active": False, "timer": None}
    pair.lean_took(STATUS, team.manager_h)  # a manager's status is the manager's own
    pair.lean_took(STATUS, {**team.h, "Accept-Encoding": "gzip"})


def test_the_timer_status_leaves_anything_unusual_to_the_normal_path(pair, team):
    assert pair.normal_took(f"{STATUS}?verbose=1", team.h).json()["active"] is True
    assert pair.normal_took(STATUS, {"X-API-Key": "pc_not-a-real-token"}).status_code == 401
    assert pair.normal_took(STATUS).status_code == 401
    h = {"Authorization": f"Bearer {team.api.token(team.member, 'read:projects')}"}
    res = pair.normal_took(STATUS, h)
    assert res.status_code == 403
    assert res.json()["required_scope"] == "read:time_entries"
    assert pair.normal_took(f"{STATUS}/", team.h).status_code in (307, 404)
