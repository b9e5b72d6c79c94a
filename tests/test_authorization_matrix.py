"""The authorization matrix: one row per route of the API, checked on every route.

For each row: anonymous -> 401 (or 200 for the public routes), a token without the row's scope -> 403
naming it, a role that cannot hold the scope -> 403, and the narrowest allowed caller -> 2xx. A route
added without a row fails ``test_the_matrix_covers_every_route``.

The tests that sign in with a password run in two worlds: one whose users have no second factor and
one whose users all have two-factor sign-in on (``BOTH_WORLDS``); api.login passes the code step.
The tests of API tokens run once: a token never asks for a second factor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import text

from punchclock.absence import kinds as absence_kinds
from punchclock.account import service as account_service
from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.config import Settings
from punchclock.holiday import service as holiday_service
from punchclock.preset import service as preset_service
from punchclock.reminder import repository as reminder_repository
from punchclock.savedreport import service as savedreport_service
from punchclock.savedreport.schemas import ReportFilters
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service
from punchclock.webhook import service as webhook_service
from punchclock.worktime import service as worktime_service
from punchclock.worktime import settings as worktime_settings
from tests.checks import assert_error, snapshot
from tests.mailbox import Mailbox, running

PUBLIC = "public"  # no credentials at all
LOGIN = "login"  # public, but 401 for bad credentials
LINK = "link"  # public, but 400 for a link (a secret from an e-mail) that is not valid
ANY = "any"  # any signed-in caller, no scope
WEB = "web"  # a signed-in web session only; API tokens are refused
ROLES = ("member", "manager", "admin")  # each holds every scope of the one before
V1 = "/api/v1"
PROJECT = "<project id>"  # stands for the world's project id in a body
RESET_LINK, INVITE_LINK = "<reset link>", "<invitation link>"  # the world's links' secrets
CODE = "<totp code>"  # stands for the current code of the caller's authenticator app
UNDO = "<undo steps>"  # stands for the steps answered by the world's last timesheet cell change


@dataclass
class World:
    users: dict[str, Any]
    client: int  # a client without projects, so DELETE may succeed
    project: int
    task: int
    entries: dict[str, int]  # each user's own finished time entry
    tokens: dict[str, int]  # a token row of each user, not used to authenticate
    hooks: dict[str, int]  # a webhook of each user
    sessions: dict[str, str]  # a signed-in device of each user, as the session list names it
    invitation: int = 7  # a pending invitation
    links: dict[str, str] | None = None  # the secrets of a reset link (member's) and of that invitation
    enrolled: bool = False  # whether every user has two-factor sign-in on
    undo: list[dict[str, Any]] | None = None  # the undo steps of a timesheet cell change (_cell_change)
    saved_reports: dict[str, int] | None = None  # a saved report of each user
    presets: dict[str, int] | None = None  # a preset of each user
    period: int | None = None  # the timesheet period a sign-off row acts on (its prepare makes it)
    version: int | None = None  # a version of the member's entry (its prepare finds it)
    team: int | None = None  # a team (_team makes it: a world without teams is the default world)
    holiday: int | None = None  # a company day (_company_day makes it)
    work_model: int | None = None  # a work model of "other" (_work_model makes it)
    adjustment: int | None = None  # a work adjustment of "other" (_adjustment makes it)
    notification: int | None = None  # a reminder of the member (_notification makes it)
    absence: int | None = None  # an absence of the member (_absence makes it)
    absence_type: int | None = None  # an unused absence type (_absence_type makes it)


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # below /api/v1, as in the OpenAPI paths
    scope: str  # the scope an API token needs, or PUBLIC / LOGIN / ANY / WEB
    actor: str = "member"  # the lowest role that may call it
    body: dict[str, Any] | None = None
    ok: int = 200
    web_too: bool = False  # a web session of ``actor`` is allowed as well, without the scope
    prepare: Callable[[Any, dict[str, str], World], None] | None = None
    query: str = ""  # required query parameters, appended to the path

    @property
    def template(self) -> str:
        return V1 + self.path


def _start_timer(api: Any, headers: dict[str, str], w: World) -> None:
    assert api.post(f"{V1}/timer/start", json={"project_id": w.project}, headers=headers).status_code == 201


def _start_and_pause(api: Any, headers: dict[str, str], w: World) -> None:
    _start_timer(api, headers, w)
    assert api.post(f"{V1}/timer/pause", headers=headers).status_code == 200


def _delete_entry(api: Any, headers: dict[str, str], w: World) -> None:
    assert api.delete(f"{V1}/time-entries/{w.entries[MEM]}", headers=headers).status_code == 200


def _favorite(api: Any, headers: dict[str, str], w: World) -> None:
    res = api.post(f"{V1}/users/me/favorites/projects", json={"project_id": w.project}, headers=headers)
    assert res.status_code == 201


CELL = {"date": "2024-01-20", "project_id": PROJECT, "seconds": 3600}


def _cell_change(api: Any, headers: dict[str, str], w: World) -> None:
    res = api.put(f"{V1}/timesheet/cells", json={**CELL, "project_id": w.project}, headers=headers)
    assert res.status_code == 200, res.text
    w.undo = res.json()["undo"]["steps"]


def _first_version(api: Any, headers: dict[str, str], w: World) -> None:
    res = api.get(f"{V1}/time-entries/{w.entries[MEM]}/history", headers=api.headers(w.users[MEM]))
    w.version = res.json()["versions"][-1]["id"]


def _own_period(api: Any, headers: dict[str, str], w: World) -> None:
    """The member's own draft period (the caller is the member)."""
    member = api.headers(w.users[MEM], ["write:time_entries"])
    res = api.post(f"{V1}/timesheet-periods", json={"reference_date": "2024-01-10"}, headers=member)
    assert res.status_code == 201, res.text
    w.period = res.json()["timesheet_period"]["id"]


def _members_period(status: str) -> Callable[[Any, dict[str, str], World], None]:
    """The member's period in ``status``, for a manager or admin to decide."""

    def prepare(api: Any, headers: dict[str, str], w: World) -> None:
        member = api.headers(w.users[MEM], ["write:time_entries"])
        _own_period(api, member, w)
        if status != "draft":
            assert api.post(f"{V1}/timesheet-periods/{w.period}/submit", headers=member).status_code == 200
        if status == "approved":
            admin = api.headers(w.users[ADM])
            assert api.post(f"{V1}/timesheet-periods/{w.period}/approve", headers=admin).status_code == 200

    return prepare


# The routes that manage one's own second factor are WEB rows, so their actor is the member.
def _not_enrolled(api: Any, headers: dict[str, str], w: World) -> None:
    api.db.call(twofactor_service.reset, w.users[MEM].id, None, "", "test")


def _enrolling(api: Any, headers: dict[str, str], w: World) -> None:
    _not_enrolled(api, headers, w)
    assert api.post(f"{V1}/auth/2fa/enrol", headers=headers).status_code == 200


def _enrolled(api: Any, headers: dict[str, str], w: World) -> None:
    if not w.enrolled:
        api.enrol(w.users[MEM])


def _project_member(api: Any, headers: dict[str, str], w: World) -> None:
    """ "other" is a member of the world's project (so the row may take them out)."""
    url = f"{V1}/projects/{w.project}/members/{w.users['other'].id}"
    assert api.put(url, headers=api.headers(w.users[ADM])).status_code == 200


def _team(api: Any, headers: dict[str, str], w: World) -> None:
    """A team holding the member and "other" (so a member may read it, and "other" be taken out)."""
    admin = api.headers(w.users[ADM])
    res = api.post(f"{V1}/teams", json={"name": "Support"}, headers=admin)
    assert res.status_code == 201, res.text
    w.team = res.json()["team"]["id"]
    for name in (MEM, "other"):
        assert api.put(f"{V1}/teams/{w.team}/members/{w.users[name].id}", headers=admin).status_code == 200


def _company_day(api: Any, headers: dict[str, str], w: World) -> None:
    w.holiday = api.db.call(holiday_service.add_company_day, date(2026, 12, 24), "Eve", False, None)["id"]


def _work_model(api: Any, headers: dict[str, str], w: World) -> None:
    data = {"valid_from": date(2026, 1, 5), "weekday_seconds": [28800] * 5 + [0, 0]}
    w.work_model = api.db.call(worktime_service.put_model, None, w.users["other"].id, data)["id"]


def _adjustment(api: Any, headers: dict[str, str], w: World) -> None:
    data = {"date": date(2026, 1, 5), "kind": "carry_over", "balance_seconds": 3600, "reason": "Opening"}
    w.adjustment = api.db.call(worktime_service.adjust, None, w.users["other"].id, data)["id"]


def _attendance(api: Any, headers: dict[str, str], w: World) -> None:
    api.db.call(worktime_settings.update, {"attendance": True}, None)


def _clocked_in(api: Any, headers: dict[str, str], w: World) -> None:
    _attendance(api, headers, w)
    assert api.post(f"{V1}/workday/start", json={}, headers=headers).status_code == 200


def _on_break(api: Any, headers: dict[str, str], w: World) -> None:
    _clocked_in(api, headers, w)
    assert api.post(f"{V1}/attendance/break/start", headers=headers).status_code == 200


def _notification(api: Any, headers: dict[str, str], w: World) -> None:
    w.notification = _remind(api, w.users[MEM])


def _remind(api: Any, user: Any) -> int:
    """A nothing-tracked reminder of ``user`` (made as the scan would, without waiting for a day)."""
    row = {
        "user_id": user.id, "kind": "nothing_tracked", "key": "2026-12-07", "title": "Nothing tracked",
        "body": "", "link": "#/", "at": 1, "deliver_after": 1, "state": "done", "mail": "none",
        "locked_until": 0.0, "attempts": 1,
    }  # fmt: skip
    return int(api.db.call(reminder_repository.insert_new, [row])[0])


def _absence(status: str) -> Callable[[Any, dict[str, str], World], None]:
    """The member's absence in ``status`` (draft, submitted or approved)."""

    def prepare(api: Any, headers: dict[str, str], w: World) -> None:
        member = api.headers(w.users[MEM], ["write:time_entries"])
        body = {**ABSENCE, "submit": status != "draft"}
        res = api.post(f"{V1}/absences", json=body, headers=member)
        assert res.status_code == 201, res.text
        w.absence = res.json()["absence"]["id"]
        if status == "approved":
            res = api.post(f"{V1}/absences/{w.absence}/approve", headers=api.headers(w.users[ADM]))
            assert res.status_code == 200, res.text

    return prepare


def _absence_type(api: Any, headers: dict[str, str], w: World) -> None:
    data = {"name": "Training", "code": "training", "effect": "worked", "color": "#123456"}
    w.absence_type = api.db.call(absence_kinds.create_type, None, data)["id"]


ABSENCE = {"type_id": 1, "start_date": "2026-03-02", "end_date": "2026-03-03"}  # 1: the seeded vacation
MARCH = "?start_date=2026-03-01&end_date=2026-03-31"
TIME_OFF = {"leave_type_id": 1, "start_date": "2026-03-02", "end_date": "2026-03-03"}
ABSENCE_TYPE = {"name": "Training", "code": "training", "effect": "worked"}
WORK_MODEL = {"valid_from": "2026-02-02", "weekday_seconds": [28800, 28800, 28800, 28800, 21600, 0, 0]}
ADJUSTMENT = {"date": "2026-02-02", "kind": "correction", "balance_seconds": -1800, "reason": "Fix"}
ENTRY = {"project_id": PROJECT, "start_time": "2024-01-15T09:00:00Z", "end_time": "2024-01-15T10:00:00Z"}
LOGIN_BODY = {"username": "member", "password": "password123"}
PASSWORDS = {"current_password": "password123", "new_password": "password456"}
NEW_TOKEN = {"name": "ci", "scopes": ["read:projects"]}
HOOK_URL = "https://hooks.invalid/punchclock"  # fails to resolve at once: pings answer quickly
MEM, MGR, ADM = "member", "manager", "admin"
OFF_2FA = {"password": "password123", "code": CODE}
_NO_FILTERS = ReportFilters().model_dump(mode="json")
# fmt: off
ROUTES = [
    Route("GET", "/info", PUBLIC),
    Route("GET", "/health", PUBLIC),
    Route("GET", "/ready", PUBLIC),
    Route("POST", "/auth/login", LOGIN, body={**LOGIN_BODY, "totp_code": CODE}),
    Route("POST", "/auth/session", LOGIN, body={**LOGIN_BODY, "totp_code": CODE}),
    Route("POST", "/auth/refresh", WEB),
    Route("POST", "/auth/logout-all", "admin:all", ADM, web_too=True),
    Route("POST", "/auth/logout", WEB),
    Route("POST", "/auth/proxy", PUBLIC, ok=403),  # off by default (on: tests/identity)
    Route("GET", "/auth/methods", PUBLIC),
    # Single sign-on is off in this app (tests/sso covers it on): the routes answer to anyone, 404.
    Route("POST", "/auth/oidc/start", PUBLIC, ok=404),
    Route("GET", "/auth/oidc/callback", PUBLIC, ok=404),
    Route("POST", "/auth/oidc/handoff", PUBLIC, body={"code": "c" * 43}, ok=404),
    Route("GET", "/auth/sessions", "admin:all", ADM, web_too=True),
    Route("DELETE", "/auth/sessions/{session_id}", "admin:all", ADM, web_too=True),
    Route("GET", "/audit", "admin:all", ADM),
    Route("GET", "/audit/export", "admin:all", ADM, query="?format=json&action=auth."),
    Route("POST", "/auth/password-reset", PUBLIC, body={"username": "member"}, ok=202),
    Route("POST", "/auth/password-reset/complete", LINK, body={"token": RESET_LINK, "new_password": "p" * 8}),
    Route("GET", "/invitations", "admin:all", ADM),
    Route("POST", "/invitations", "admin:all", ADM, {"email": "invitee@example.com"}, 201),
    Route("DELETE", "/invitations/{invitation_id}", "admin:all", ADM),
    Route("POST", "/invitations/accept", LINK, body={"token": INVITE_LINK, "username": "invitee",
                                                     "password": "p" * 8}, ok=201),
    Route("GET", "/auth/2fa", WEB),
    Route("POST", "/auth/2fa/enrol", WEB, prepare=_not_enrolled),
    Route("POST", "/auth/2fa/confirm", WEB, body={"code": CODE}, prepare=_enrolling),
    Route("POST", "/auth/2fa/recovery-codes", WEB, body={"code": CODE}, prepare=_enrolled),
    Route("DELETE", "/auth/2fa", WEB, body=OFF_2FA, prepare=_enrolled),
    Route("GET", "/auth/2fa/policy", "admin:all", ADM),
    Route("PUT", "/auth/2fa/policy", "admin:all", ADM, {"policy": "off"}),
    Route("DELETE", "/users/{user_id}/2fa", "admin:all", ADM),
    Route("GET", "/users/me", "read:users"),
    Route("PATCH", "/users/me", "write:users", MEM, {"display_name": "Me"}, web_too=True),
    Route("POST", "/users/me/password", WEB, body=PASSWORDS),
    Route("GET", "/settings", "read:users"),
    Route("PUT", "/settings", "admin:all", ADM, {"settings": {"pc_theme": "dark"}}, web_too=True),
    Route("GET", "/settings/workspace", "read:users"),
    Route("PUT", "/settings/workspace", "admin:all", ADM, {"currency": "EUR"}),
    Route("GET", "/users", "read:users", MGR),
    Route("POST", "/users", "admin:all", ADM, {"username": "new", "password": "p" * 8}, 201),
    Route("GET", "/users/{user_id}", "read:users", MGR),
    Route("PUT", "/users/{user_id}", "admin:all", ADM, {"display_name": "O"}),
    Route("PATCH", "/users/{user_id}", "admin:all", ADM, {"display_name": "O"}),
    Route("DELETE", "/users/{user_id}", "admin:all", ADM),
    Route("GET", "/teams", "read:users"),
    Route("POST", "/teams", "admin:all", ADM, {"name": "Sales"}, 201),
    Route("GET", "/teams/{team_id}", "read:users", prepare=_team),
    Route("PATCH", "/teams/{team_id}", "admin:all", ADM, {"name": "Helpdesk"}, prepare=_team),
    Route("DELETE", "/teams/{team_id}", "admin:all", ADM, prepare=_team),
    Route("PUT", "/teams/{team_id}/members/{user_id}", "admin:all", ADM, {"is_lead": False}, prepare=_team),
    Route("DELETE", "/teams/{team_id}/members/{user_id}", "admin:all", ADM, prepare=_team),
    Route("GET", "/tokens/scopes", "admin:all", ADM, web_too=True),
    Route("GET", "/tokens", "admin:all", ADM, web_too=True),
    Route("POST", "/tokens", "admin:all", ADM, NEW_TOKEN, 201, web_too=True),
    Route("GET", "/tokens/{token_id}", "admin:all", ADM, web_too=True),
    Route("DELETE", "/tokens/{token_id}", "admin:all", ADM, web_too=True),
    Route("GET", "/clients", "read:clients"),
    Route("POST", "/clients", "write:clients", MGR, {"name": "Initech"}, 201),
    Route("GET", "/clients/{client_id}", "read:clients"),
    Route("PUT", "/clients/{client_id}", "write:clients", MGR, {"phone": "1"}),
    Route("PATCH", "/clients/{client_id}", "write:clients", MGR, {"phone": "1"}),
    Route("DELETE", "/clients/{client_id}", "write:clients", MGR),
    Route("GET", "/projects", "read:projects"),
    Route("POST", "/projects", "write:projects", MGR, {"name": "P2"}, 201),
    Route("GET", "/projects/{project_id}", "read:projects"),
    Route("PUT", "/projects/{project_id}", "write:projects", MGR, {"color": "#00ff00"}),
    Route("PATCH", "/projects/{project_id}", "write:projects", MGR, {"billable": False}),
    Route("DELETE", "/projects/{project_id}", "write:projects", MGR),
    Route("GET", "/projects/{project_id}/members", "write:projects", MGR),
    Route("PUT", "/projects/{project_id}/members/{user_id}", "write:projects", MGR),
    Route("DELETE", "/projects/{project_id}/members/{user_id}", "write:projects", MGR, prepare=_project_member),  # noqa: E501
    Route("GET", "/tasks", "read:tasks"),
    Route("POST", "/tasks", "write:tasks", MGR, {"name": "T2", "project_id": PROJECT}, 201),
    Route("GET", "/tasks/{task_id}", "read:tasks"),
    Route("PUT", "/tasks/{task_id}", "write:tasks", MGR, {"priority": 4}),
    Route("PATCH", "/tasks/{task_id}", "write:tasks", MGR, {"status": "done"}),
    Route("DELETE", "/tasks/{task_id}", "write:tasks", MGR),
    Route("GET", "/time-entries", "read:time_entries"),
    Route("POST", "/time-entries", "write:time_entries", MEM, ENTRY, 201),
    Route("GET", "/time-entries/{entry_id}", "read:time_entries"),
    Route("GET", "/users/me/suggestions", "read:time_entries"),
    Route("PUT", "/time-entries/{entry_id}", "write:time_entries", MEM, {"notes": "n"}),
    Route("PATCH", "/time-entries/{entry_id}", "write:time_entries", MEM, {"billable": False}),
    Route("DELETE", "/time-entries/{entry_id}", "write:time_entries"),
    Route("POST", "/time-entries/{entry_id}/restore", "write:time_entries", prepare=_delete_entry),
    Route("GET", "/timer/status", "read:time_entries"),
    Route("GET", "/startup", "read:time_entries"),
    Route("GET", "/startup/period", "read:time_entries", query="?start_date=2026-01-01&end_date=2026-01-08"),
    Route("POST", "/timer/start", "write:time_entries", MEM, {"project_id": PROJECT}, 201),
    Route("POST", "/timer/stop", "write:time_entries", prepare=_start_timer),
    Route("POST", "/timer/pause", "write:time_entries", prepare=_start_timer),
    Route("POST", "/timer/resume", "write:time_entries", prepare=_start_and_pause),
    Route("GET", "/users/me/favorites/projects", "read:projects"),
    Route("POST", "/users/me/favorites/projects", "write:users", MEM, {"project_id": PROJECT}, 201),
    Route("DELETE", "/users/me/favorites/projects/{project_id}", "write:users", prepare=_favorite),
    Route("PUT", "/timesheet/cells", "write:time_entries", MEM, CELL),
    Route("POST", "/timesheet/cells/undo", "write:time_entries", MEM, {"steps": UNDO}, prepare=_cell_change),
    Route("GET", "/presets", "read:time_entries"),
    Route("POST", "/presets", "write:time_entries", MEM, {"name": "Standup", "project_id": PROJECT}, 201),
    Route("GET", "/presets/{preset_id}", "read:time_entries"),
    Route("PUT", "/presets/{preset_id}", "write:time_entries", MEM, {"notes": "n"}),
    Route("PATCH", "/presets/{preset_id}", "write:time_entries", MEM, {"billable": False}),
    Route("DELETE", "/presets/{preset_id}", "write:time_entries"),
    # Clock in and out, with the workspace's attendance switch on (off: 403 module_disabled).
    Route("GET", "/attendance/status", "read:time_entries", prepare=_attendance),
    Route("GET", "/attendance/history", "read:time_entries", prepare=_attendance),
    Route("GET", "/workday/status", "read:time_entries", prepare=_attendance),
    Route("POST", "/workday/start", "write:time_entries", MEM, {"source": "desktop"}, prepare=_attendance),
    Route("POST", "/workday/end", "write:time_entries", MEM, {"notes": ""}, prepare=_clocked_in),
    Route("POST", "/attendance/break/start", "write:time_entries", MEM, {}, prepare=_clocked_in),
    Route("POST", "/attendance/break/end", "write:time_entries", prepare=_on_break),
    # Not offered: answered as TimeTracker answers a disabled module, to any signed-in caller.
    Route("POST", "/attendance/corrections", ANY, ok=403),
    Route("GET", "/reports/summary", "read:reports"),
    Route("GET", "/reports/grouped", "read:reports"),
    Route("GET", "/reports/timesheet", "read:reports"),
    Route("GET", "/reports/budgets", "read:reports", MGR),
    Route("GET", "/reports/entries", "read:reports"),
    Route("GET", "/saved-reports", "read:reports"),
    Route("POST", "/saved-reports", "write:users", MEM, {"name": "Mine too", "filters": {}}, 201),
    Route("GET", "/saved-reports/{saved_report_id}", "read:reports"),
    Route("PATCH", "/saved-reports/{saved_report_id}", "write:users", MEM, {"name": "Renamed"}),
    Route("DELETE", "/saved-reports/{saved_report_id}", "write:users"),
    Route("GET", "/timesheet-periods", "read:time_entries"),
    Route("POST", "/timesheet-periods", "write:time_entries", MEM, {}, 201),
    Route("POST", "/timesheet-periods/bulk-approve", "write:time_entries", MGR, {"period_ids": [7]}),
    Route("GET", "/timesheet-periods/{period_id}", "read:time_entries", prepare=_own_period),
    Route("DELETE", "/timesheet-periods/{period_id}", "write:time_entries", prepare=_own_period),
    Route("POST", "/timesheet-periods/{period_id}/submit", "write:time_entries", prepare=_own_period),
    Route("POST", "/timesheet-periods/{period_id}/withdraw", "write:time_entries",
          prepare=_members_period("submitted")),
    Route("POST", "/timesheet-periods/{period_id}/approve", "write:time_entries", MGR,
          prepare=_members_period("submitted")),
    Route("POST", "/timesheet-periods/{period_id}/reject", "write:time_entries", MGR, {"reason": "No"},
          prepare=_members_period("submitted")),
    Route("POST", "/timesheet-periods/{period_id}/close", "write:time_entries", ADM,
          prepare=_members_period("draft")),
    Route("POST", "/timesheet-periods/{period_id}/reopen", "write:time_entries", ADM, {"reason": "Fix"},
          prepare=_members_period("approved")),
    Route("GET", "/time-entry-approvals", "read:time_entries"),
    Route("POST", "/time-entry-approvals/bulk-approve", "write:time_entries", MGR, {"approval_ids": [7]}),
    Route("GET", "/time-entry-approvals/{approval_id}", "read:time_entries", prepare=_own_period),
    Route("POST", "/time-entry-approvals/{approval_id}/approve", "write:time_entries", MGR,
          prepare=_members_period("submitted")),
    Route("POST", "/time-entry-approvals/{approval_id}/reject", "write:time_entries", MGR, {"reason": "No"},
          prepare=_members_period("submitted")),
    Route("POST", "/time-entry-approvals/{approval_id}/cancel", "write:time_entries",
          prepare=_members_period("submitted")),
    Route("GET", "/time-entries/{entry_id}/history", "read:time_entries"),
    Route("POST", "/time-entries/{entry_id}/history/{version_id}/restore", "write:time_entries",
          prepare=_first_version),
    Route("GET", "/signoff", "read:time_entries"),
    Route("PUT", "/signoff", "admin:all", ADM, {"lock_date": "2024-01-01"}),
    Route("GET", "/exports/time-entries", "read:time_entries"),
    Route("GET", "/exports/report", "read:reports"),
    Route("GET", "/exports/account", "read:time_entries"),
    Route("GET", "/calendar/feed.ics", "read:calendar"),
    Route("POST", "/imports", "write:time_entries", MEM, {"time_entries": []}),
    Route("GET", "/webhooks", "read:webhooks"),
    Route("POST", "/webhooks", "write:webhooks", MEM, {"url": HOOK_URL}, 201),
    Route("GET", "/webhooks/sending", "admin:all", ADM),
    Route("POST", "/webhooks/sending/resume", "admin:all", ADM),
    Route("GET", "/webhooks/{hook_id}", "read:webhooks"),
    Route("PUT", "/webhooks/{hook_id}", "write:webhooks", MEM, {"description": "d"}),
    Route("PATCH", "/webhooks/{hook_id}", "write:webhooks", MEM, {"events": ["timer.*"]}),
    Route("DELETE", "/webhooks/{hook_id}", "write:webhooks"),
    Route("POST", "/webhooks/{hook_id}/ping", "write:webhooks"),
    Route("GET", "/webhooks/{hook_id}/deliveries", "read:webhooks"),
    Route("GET", "/holidays", "read:time_entries", query="?calendar=DE-BY&year=2026"),
    Route("GET", "/holidays/calendars", "read:time_entries"),
    Route("POST", "/holidays/company", "admin:all", ADM, {"date": "2026-12-31", "name": "Eve"}, 201),
    Route("PATCH", "/holidays/{holiday_id}", "admin:all", ADM, {"enabled": False}, prepare=_company_day),
    Route("DELETE", "/holidays/company/{holiday_id}", "admin:all", ADM, prepare=_company_day),
    Route("GET", "/work-models", "read:time_entries"),
    Route("POST", "/work-models", "admin:all", ADM, WORK_MODEL, 201, query="?user_id={user_id}"),
    Route("PATCH", "/work-models/{model_id}", "admin:all", ADM, {"vacation_days": 28}, prepare=_work_model),
    Route("DELETE", "/work-models/{model_id}", "admin:all", ADM, prepare=_work_model),
    Route("GET", "/work-adjustments", "read:time_entries"),
    Route("POST", "/work-adjustments", "admin:all", ADM, ADJUSTMENT, 201, query="?user_id={user_id}"),
    Route("DELETE", "/work-adjustments/{adjustment_id}", "admin:all", ADM, prepare=_adjustment),
    Route("GET", "/worktime/settings", "read:time_entries"),
    Route("PUT", "/worktime/settings", "admin:all", ADM, {"holiday_half_days": True}),
    Route("GET", "/worktime/balance", "read:time_entries"),
    Route("GET", "/worktime/days", "read:time_entries", query="?start_date=2026-06-01&end_date=2026-06-07"),
    Route("GET", "/worktime/balances", "read:time_entries", query="?year=2026"),
    Route("GET", "/worktime/report", "read:time_entries", query="?month=2026-06"),
    Route("GET", "/worktime/report/team", "read:time_entries", query="?month=2026-06"),
    Route("GET", "/notifications", "read:time_entries"),
    Route("POST", "/notifications/read-all", "write:time_entries"),
    Route("POST", "/notifications/{notification_id}/read", "write:time_entries", prepare=_notification),
    Route("GET", "/reminder-settings", "read:time_entries"),
    Route("PUT", "/reminder-settings", "write:time_entries", MEM, {"long_timer_hours": 9}),
    Route("GET", "/absence-types", "read:time_entries"),
    Route("POST", "/absence-types", "admin:all", ADM, ABSENCE_TYPE, 201),
    Route("PATCH", "/absence-types/{type_id}", "admin:all", ADM, {"enabled": False}, prepare=_absence_type),
    Route("DELETE", "/absence-types/{type_id}", "admin:all", ADM, prepare=_absence_type),
    Route("GET", "/absences", "read:time_entries"),
    Route("POST", "/absences", "write:time_entries", MEM, ABSENCE, 201),
    Route("GET", "/absences/calendar", "read:time_entries", query=MARCH),
    Route("GET", "/absences/{absence_id}", "read:time_entries", prepare=_absence("submitted")),
    Route("PATCH", "/absences/{absence_id}", "write:time_entries", MEM, {"comment": "c"},
          prepare=_absence("draft")),
    Route("DELETE", "/absences/{absence_id}", "write:time_entries", prepare=_absence("submitted")),
    Route("POST", "/absences/{absence_id}/submit", "write:time_entries", prepare=_absence("draft")),
    Route("POST", "/absences/{absence_id}/withdraw", "write:time_entries", prepare=_absence("submitted")),
    Route("POST", "/absences/{absence_id}/approve", "write:time_entries", MGR, prepare=_absence("submitted")),
    Route("POST", "/absences/{absence_id}/reject", "write:time_entries", MGR, prepare=_absence("submitted")),
    Route("POST", "/absences/{absence_id}/cancel", "write:time_entries", MGR, prepare=_absence("approved")),
    Route("GET", "/time-off/leave-types", "read:time_entries"),
    Route("GET", "/time-off/requests", "read:time_entries"),
    Route("POST", "/time-off/requests", "write:time_entries", MEM, TIME_OFF, 201),
    Route("POST", "/time-off/requests/{request_id}/approve", "write:time_entries", MGR,
          prepare=_absence("submitted")),
    Route("POST", "/time-off/requests/{request_id}/reject", "write:time_entries", MGR,
          prepare=_absence("submitted")),
    Route("DELETE", "/time-off/requests/{request_id}", "write:time_entries", prepare=_absence("submitted")),
    Route("GET", "/time-off/requests/{request_id}/pdf", "read:time_entries", prepare=_absence("approved")),
    Route("GET", "/time-off/balances", "read:time_entries"),
    Route("GET", "/time-off/holidays", "read:time_entries"),
]
# fmt: on
SCOPED = [r for r in ROUTES if r.scope not in (PUBLIC, LOGIN, LINK, ANY, WEB)]


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    with running() as box:
        yield box


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    """A mail server, so the password reset and invitations can answer 2xx."""
    return settings.model_copy(update=mailbox.settings)


def _id(route: Route) -> str:
    return f"{route.method} {route.path}"


# The tests that sign in run twice: users without a second factor, and users with one.
BOTH_WORLDS = pytest.mark.parametrize("world", ["password", "totp"], indirect=True)


@pytest.fixture
def world(api: Any, request: pytest.FixtureRequest) -> World:
    users = {role: api.user(role, name=role) for role in ROLES}
    users["other"] = api.user("member", name="other")
    h = api.headers(users["admin"])
    client = api.post(f"{V1}/clients", json={"name": "Spare"}, headers=h).json()["client"]["id"]
    project = api.post(f"{V1}/projects", json={"name": "Website"}, headers=h).json()["project"]["id"]
    task = api.post(f"{V1}/tasks", json={"name": "Login", "project_id": project}, headers=h).json()["task"]
    entries = {}
    for day, (name, user) in enumerate(users.items(), start=10):
        body = {"project_id": project, "user_id": user.id, "start_time": f"2024-01-{day}T09:00:00Z"}
        res = api.post(f"{V1}/time-entries", json={**body, "end_time": f"2024-01-{day}T10:00:00Z"}, headers=h)
        assert res.status_code == 201, res.text
        entries[name] = res.json()["time_entry"]["id"]
    tokens = {
        name: api.db.call(token_service.create, user, "target", ["read:projects"])[0].id
        for name, user in users.items()
    }
    hooks = {
        name: api.db.call(webhook_service.create, _principal(user), {"url": HOOK_URL}, False)["id"]
        for name, user in users.items()
    }
    sessions = {
        name: f"d{api.db.call(token_service.sign_in_device, user, 'phone', 30)[0].id}"
        for name, user in users.items()
    }
    reset = api.db.call(account_service.issue_reset_link, "member", 3600)
    raw, digest = account_service.new_secret()
    args = (users["admin"].id, "waiting@example.com", "member", None, digest, 3600)
    invitation = api.db.call(account_service.record_invitation, *args)["id"]
    links = {RESET_LINK: reset, INVITE_LINK: raw}
    saved = {
        name: api.db.call(savedreport_service.create, _principal(user), "Mine", _NO_FILTERS)["id"]
        for name, user in users.items()
    }
    presets = {
        name: api.db.call(preset_service.create, _principal(user), {"name": "Mine"})["id"]
        for name, user in users.items()
    }
    enrolled = getattr(request, "param", "password") == "totp"
    for user in users.values() if enrolled else ():
        api.enrol(user)
    return World(
        users, client, project, task["id"], entries, tokens, hooks, sessions, invitation, links, enrolled,
        saved_reports=saved, presets=presets,
    )  # fmt: skip


def _principal(user: Any) -> Principal:
    return Principal(user.id, user.username, user.role, ROLE_SCOPES[user.role], "web")


def call(api: Any, route: Route, w: World, role: str, headers: dict[str, str] | None = None) -> Any:
    url = (route.template + route.query).format(
        client_id=w.client,
        project_id=w.project,
        task_id=w.task,
        entry_id=w.entries[role],
        user_id=w.users["other"].id,
        token_id=w.tokens[role],
        hook_id=w.hooks[role],
        session_id=w.sessions[role],
        invitation_id=w.invitation,
        saved_report_id=(w.saved_reports or {}).get(role, 7),
        preset_id=(w.presets or {}).get(role, 7),
        period_id=w.period or 7,
        version_id=w.version or 7,
        approval_id=w.period or 7,
        team_id=w.team or 7,
        holiday_id=w.holiday or 7,
        model_id=w.work_model or 7,
        adjustment_id=w.adjustment or 7,
        notification_id=w.notification or 7,
        absence_id=w.absence or 7,
        request_id=w.absence or 7,
        type_id=w.absence_type or 7,
    )
    body = {k: _placeholder(api, w, role, v) for k, v in route.body.items()} if route.body else None
    return api.client.request(route.method, url, json=body, headers=headers or {})


def _placeholder(api: Any, w: World, role: str, value: Any) -> Any:
    if value == PROJECT:
        return w.project
    if value == CODE:
        user = w.users.get(role)
        return api.totp_code(user.id) if user is not None else "000000"
    if value == UNDO:
        return w.undo or [{"id": 7, "action": "delete", "version": 1.0}]
    if value in (RESET_LINK, INVITE_LINK):
        return (w.links or {}).get(value, value)
    return value


def test_the_matrix_covers_every_route(app: Any) -> None:
    documented = {(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops}
    hidden = {
        (m, r.path)
        for r in app.routes
        if isinstance(r, APIRoute) and r.path.startswith(V1)
        for m in r.methods
    }
    table = [(r.method, r.template) for r in ROUTES]
    assert len(table) == len(set(table)), "a route has two rows"
    assert documented | hidden == set(table)


@pytest.mark.parametrize("route", ROUTES, ids=_id)
@pytest.mark.parametrize("credentials", [None, "pc_" + "x" * 32], ids=["no token", "unknown token"])
def test_anonymous(api: Any, route: Route, credentials: str | None) -> None:
    headers = {"Authorization": f"Bearer {credentials}"} if credentials else {}
    if route.scope == LOGIN:
        api.user("member", name="member")
        res = api.post(route.template, json={**LOGIN_BODY, "password": "wrong-password"}, headers=headers)
        assert_error(res, 401, "bad_credentials")
        return
    if route.scope == LINK:
        res = api.post(route.template, json={**(route.body or {}), "token": "x" * 43}, headers=headers)
        assert_error(res, 400, "link_invalid")
        return
    # Ids of rows that do not exist: the 401 must come before any lookup, so it reveals nothing.
    ids = dict.fromkeys((*ROLES, "other"), 7)
    devices = dict.fromkeys((*ROLES, "other"), "d7")
    nowhere = World({"other": SimpleNamespace(id=7)}, 7, 7, 7, ids, ids, ids, devices)
    res = call(api, route, nowhere, route.actor, headers)
    if route.scope == PUBLIC:
        assert res.status_code == route.ok, res.text
    else:
        assert_error(res, 401, "invalid_token" if credentials else "unauthorized")


@pytest.mark.parametrize("route", SCOPED, ids=_id)
def test_token_without_the_scope_is_403(api: Any, db: Any, world: World, route: Route) -> None:
    role = next(r for r in ROLES if route.scope in ROLE_SCOPES[r])
    others = sorted(ROLE_SCOPES[role] - {route.scope})
    before = snapshot(db)
    body = assert_error(call(api, route, world, role, api.headers(world.users[role], others)), 403)
    assert (body["code"], body["required_scope"]) == ("insufficient_scope", route.scope)
    assert body["available_scopes"] == others
    assert snapshot(db) == before


@pytest.mark.parametrize("route", [r for r in SCOPED if r.scope not in ROLE_SCOPES["member"]], ids=_id)
def test_roles_without_the_scope_are_403_even_with_every_scope_they_may_hold(
    api: Any, db: Any, world: World, route: Route
) -> None:
    for role in [r for r in ROLES if route.scope not in ROLE_SCOPES[r]]:
        before = snapshot(db)
        res = call(api, route, world, role, api.headers(world.users[role]))
        assert assert_error(res, 403, "insufficient_scope")["required_scope"] == route.scope
        assert snapshot(db) == before


@BOTH_WORLDS
@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_the_narrowest_allowed_caller_succeeds(api: Any, world: World, route: Route) -> None:
    user = world.users[route.actor]
    if route.scope in (PUBLIC, LOGIN, LINK):
        headers: dict[str, str] = {}
    elif route.scope == WEB:
        headers = api.login(user.username)
    else:  # ANY: a token with one unrelated scope is enough
        headers = api.headers(user, ["read:projects"] if route.scope == ANY else [route.scope])
    if route.prepare:
        route.prepare(api, headers, world)
    res = call(api, route, world, route.actor, headers)
    assert res.status_code == route.ok, res.text


@BOTH_WORLDS
@pytest.mark.parametrize("route", [r for r in ROUTES if r.web_too], ids=_id)
def test_a_members_web_session_needs_no_admin_scope(api: Any, world: World, route: Route) -> None:
    res = call(api, route, world, "member", api.login("member"))
    assert res.status_code == route.ok, res.text


WEB_REFUSALS = {
    "/auth/refresh": (401, "not_a_web_token"),
    "/auth/logout": (401, "not_a_web_token"),
    "/users/me/password": (403, "web_only"),
    **dict.fromkeys(
        ("/auth/2fa", "/auth/2fa/enrol", "/auth/2fa/confirm", "/auth/2fa/recovery-codes"), (403, "web_only")
    ),
}


@pytest.mark.parametrize("route", [r for r in ROUTES if r.scope == WEB], ids=_id)
def test_web_only_routes_refuse_api_tokens(api: Any, world: World, route: Route) -> None:
    status, code = WEB_REFUSALS[route.path]
    assert_error(call(api, route, world, "member", api.headers(world.users["member"])), status, code)


# What a session that must first set up its second factor may still call (the set-up itself).
ENROLLING = {
    "/auth/2fa",
    "/auth/2fa/enrol",
    "/auth/2fa/confirm",
    "/auth/2fa/recovery-codes",
    "/auth/refresh",
    "/auth/logout",
}


@pytest.mark.parametrize("policy", ["everyone", "admins"])
def test_a_session_that_must_enrol_can_do_nothing_else(api: Any, db: Any, world: World, policy: str) -> None:
    """Every route but the set-up answers 403 totp_enrolment_required to a web session of someone the
    policy requires a second factor of; their API tokens go on working (the machine path)."""
    api.db.call(twofactor_service.set_policy, policy, None, "")
    role = "admin" if policy == "admins" else "member"
    headers = api.login(role)
    before = snapshot(db)
    for route in [r for r in ROUTES if r.scope not in (PUBLIC, LOGIN, LINK) and r.path not in ENROLLING]:
        assert_error(call(api, route, world, role, headers), 403, "totp_enrolment_required")
    assert snapshot(db) == before
    assert api.get(f"{V1}/auth/2fa", headers=headers).json()["required"] is True
    assert api.get(f"{V1}/users/me", headers=api.headers(world.users[role])).status_code == 200
    if policy == "admins":  # a member is not covered
        assert api.get(f"{V1}/users/me", headers=api.login("member")).status_code == 200


WRITES = [r for r in SCOPED if r.scope in ("write:projects", "write:clients", "write:tasks")]


@pytest.mark.parametrize("route", WRITES, ids=_id)
def test_members_cannot_write_projects_clients_or_tasks_but_managers_can(
    api: Any, db: Any, world: World, route: Route
) -> None:
    before = snapshot(db)
    assert_error(call(api, route, world, "member", api.headers(world.users["member"])), 403)
    assert snapshot(db) == before
    if route.prepare is not None:
        route.prepare(api, api.headers(world.users["manager"]), world)
    res = call(api, route, world, "manager", api.headers(world.users["manager"]))
    assert res.status_code in (200, 201), res.text


@pytest.mark.parametrize(
    ("role", "method", "status"),
    [("member", "GET", 403), ("member", "POST", 403), ("manager", "POST", 403), ("manager", "GET", 200)],
)
def test_listing_and_creating_users_by_role(
    api: Any, world: World, role: str, method: str, status: int
) -> None:
    body = {"username": "newbie", "password": "password123"} if method == "POST" else None
    res = api.client.request(method, f"{V1}/users", json=body, headers=api.headers(world.users[role]))
    assert res.status_code == status, res.text
    if status == 403:
        assert_error(res, 403)
        assert api.db.call(lambda s: s.execute(text("SELECT count(*) FROM users")).scalar()) == 4


# The world's manager as a team lead: of a team without "other" (LEAD), or with them (LEAD_OF_OTHER).
LEAD, LEAD_OF_OTHER = "lead", "lead of other"


def _as(api: Any, w: World, role: str) -> str:
    """The world's role to call as; for a lead, the team is made first."""
    if role in (LEAD, LEAD_OF_OTHER):
        _lead_a_team(api, w, *([MEM, "other"] if role == LEAD_OF_OTHER else [MEM]))
        return MGR
    return role


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    ("role", "status"), [("member", 404), ("manager", 200), ("admin", 200), (LEAD, 404), (LEAD_OF_OTHER, 200)]
)
def test_another_users_time_entry(
    api: Any, db: Any, world: World, method: str, role: str, status: int
) -> None:
    """A team lead (a manager, once the workspace has teams) reaches their teams' members only."""
    body = {"notes": "not mine"} if method in ("PUT", "PATCH") else None
    url = f"{V1}/time-entries/{world.entries['other']}"
    role = _as(api, world, role)
    before = snapshot(db)
    res = api.client.request(method, url, json=body, headers=api.headers(world.users[role]))
    if status == 404:
        assert_error(res, 404, "not_found")
        assert snapshot(db) == before
    else:
        assert res.status_code == 200, res.text
        if body:
            assert res.json()["time_entry"]["notes"] == "not mine"


@pytest.mark.parametrize("role", ["member", "manager", "admin"])
def test_another_users_notification_is_404_for_everyone(api: Any, db: Any, world: World, role: str) -> None:
    theirs = _remind(api, world.users["other"])
    before = snapshot(db)
    res = api.post(f"{V1}/notifications/{theirs}/read", headers=api.headers(world.users[role]))
    assert_error(res, 404, "not_found")
    assert snapshot(db) == before


@pytest.mark.parametrize(("role", "status"), [("member", 404), ("manager", 200), ("admin", 200)])
def test_restoring_another_users_time_entry(api: Any, db: Any, world: World, role: str, status: int) -> None:
    """Whoever may edit another's entries may restore them; to a member they do not exist."""
    other = world.entries["other"]
    assert api.delete(f"{V1}/time-entries/{other}", headers=api.headers(world.users[MGR])).status_code == 200
    # The entries only: the delete's webhook deliveries go on updating the webhooks meanwhile.
    before = snapshot(db, ("time_entries",))
    res = api.post(f"{V1}/time-entries/{other}/restore", headers=api.headers(world.users[role]))
    if status == 404:
        assert_error(res, 404, "not_found")
        assert snapshot(db, ("time_entries",)) == before
    else:
        assert res.status_code == 200, res.text
        assert res.json()["time_entry"]["id"] == other
        assert res.json()["time_entry"]["user_id"] == world.users["other"].id


def _deliveries(db: Any, entry_id: int) -> list[tuple[int, str, int, int]]:
    """(webhook, event, user_id, actor) of the deliveries queued about one entry."""
    rows = db.call(
        lambda s: s.execute(text("SELECT webhook_id, event, payload FROM webhook_deliveries")).all()
    )
    found = [(hook, event, json.loads(payload)) for hook, event, payload in rows]
    return sorted(
        (hook, event, body["user_id"], body["actor"]["id"])
        for hook, event, body in found
        if body["object"].get("id") == entry_id
    )


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("manager", 201), ("admin", 201), (LEAD, 403), (LEAD_OF_OTHER, 201)]
)
def test_creating_a_time_entry_for_another_user(
    api: Any, db: Any, world: World, role: str, status: int
) -> None:
    """user_id on POST: a member is refused; a manager or an admin tracks for the member, and the
    entry's events reach its owner's webhooks, as for any entry of theirs, not the author's. A team
    lead may only for their teams' members."""
    actor, other = world.users[_as(api, world, role)], world.users["other"]
    body = {**ENTRY, "project_id": world.project, "user_id": other.id}
    before = snapshot(db)
    res = api.post(f"{V1}/time-entries", json=body, headers=api.headers(actor))
    if status == 403:
        assert_error(res, 403, "access_denied")
        assert snapshot(db) == before
        return
    assert res.status_code == 201, res.text
    created = res.json()["time_entry"]
    assert (created["user_id"], created["user"]) == (other.id, "other")
    listed = api.get(f"{V1}/time-entries", headers=api.headers(other)).json()["time_entries"]
    assert created["id"] in [e["id"] for e in listed]
    hook = world.hooks["other"]
    assert _deliveries(db, created["id"]) == [(hook, "time_entry.created", other.id, actor.id)]


REFUSED = "end_time_required"


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [("member", 403, "access_denied"), ("manager", 400, REFUSED), ("admin", 400, REFUSED)],
)
def test_a_timer_is_never_started_for_another_user(
    api: Any, db: Any, world: World, role: str, status: int, code: str
) -> None:
    """TimeTracker starts timers only for the caller: POST /time-entries without end_time for
    someone else is refused, and /timer/start takes no user_id."""
    other = world.users["other"]
    h = api.headers(world.users[role])
    running = {"project_id": world.project, "start_time": "2024-01-15T09:00:00Z", "user_id": other.id}
    before = snapshot(db)
    assert_error(api.post(f"{V1}/time-entries", json=running, headers=h), status, code)
    start = api.post(f"{V1}/timer/start", json={"project_id": world.project, "user_id": other.id}, headers=h)
    assert_error(start, 400, "validation_error")
    assert snapshot(db) == before
    assert api.get(f"{V1}/timer/status", headers=api.headers(other)).json() == {
        "active": False,
        "timer": None,
    }


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
@pytest.mark.parametrize("role", ROLES)
def test_an_entry_is_never_handed_to_another_user(
    api: Any, db: Any, world: World, method: str, role: str
) -> None:
    """PUT/PATCH take no user_id (nor does TimeTracker's update): an entry keeps its owner."""
    url = f"{V1}/time-entries/{world.entries[role]}"
    before = snapshot(db)
    body = {"user_id": world.users["other"].id}
    assert_error(api.client.request(method, url, json=body, headers=api.headers(world.users[role])), 400)
    assert snapshot(db) == before


def test_a_member_sees_only_their_own_user_record(api: Any, world: World) -> None:
    h = api.headers(world.users["member"])
    assert_error(api.get(f"{V1}/users/{world.users['other'].id}", headers=h), 404, "not_found")
    assert api.get(f"{V1}/users/{world.users['member'].id}", headers=h).status_code == 200


@BOTH_WORLDS
@pytest.mark.parametrize("method", ["GET", "DELETE"])
@pytest.mark.parametrize(("role", "status"), [("member", 404), ("manager", 404), ("admin", 200)])
def test_another_users_token(api: Any, world: World, method: str, role: str, status: int) -> None:
    token_id = world.tokens["other"]
    res = api.client.request(method, f"{V1}/tokens/{token_id}", headers=api.login(world.users[role].username))
    assert res.status_code == status, res.text
    if status == 404:
        assert_error(res, 404, "not_found")
    query = text("SELECT revoked_at FROM api_tokens WHERE id = :id")
    revoked = api.db.call(lambda s: s.execute(query, {"id": token_id}).scalar())
    assert (revoked is not None) == (status == 200 and method == "DELETE")


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize(("role", "status"), [("member", 404), ("manager", 404), ("admin", 200)])
def test_another_users_webhook(api: Any, db: Any, world: World, method: str, role: str, status: int) -> None:
    url = f"{V1}/webhooks/{world.hooks['other']}"
    body = {"description": "mine now"} if method == "PATCH" else None
    before = snapshot(db)
    res = api.client.request(method, url, json=body, headers=api.headers(world.users[role]))
    assert res.status_code == status, res.text
    if status == 404:
        assert_error(res, 404, "not_found")
        assert snapshot(db) == before


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("role", ROLES)
def test_another_users_saved_report(api: Any, db: Any, world: World, method: str, role: str) -> None:
    """Saved reports are personal: not even an admin reaches someone else's."""
    url = f"{V1}/saved-reports/{(world.saved_reports or {})['other']}"
    body = {"name": "mine now"} if method == "PATCH" else None
    before = snapshot(db)
    assert_error(api.client.request(method, url, json=body, headers=api.headers(world.users[role])), 404)
    assert snapshot(db) == before


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("role", ROLES)
def test_another_users_preset(api: Any, db: Any, world: World, method: str, role: str) -> None:
    """Presets are personal: even an admin gets 404 for someone else's."""
    url = f"{V1}/presets/{(world.presets or {})['other']}"
    body = {"name": "mine now"} if method in ("PUT", "PATCH") else None
    before = snapshot(db, ("presets",))
    assert_error(api.client.request(method, url, json=body, headers=api.headers(world.users[role])), 404)
    assert snapshot(db, ("presets",)) == before


@pytest.mark.parametrize(("role", "status"), [("member", 404), ("manager", 200), ("admin", 200)])
@pytest.mark.parametrize("step", ["get", "approve", "reject", "submit", "delete"])
def test_another_users_timesheet_period(
    api: Any, db: Any, world: World, role: str, status: int, step: str
) -> None:
    """Someone else's period: a member sees nothing of it (404); a manager and an admin see it and
    decide it, but only its owner submits it (403) and only the owner or an admin deletes it."""
    other = api.headers(world.users["other"], ["write:time_entries"])
    res = api.post(f"{V1}/timesheet-periods", json={"reference_date": "2024-01-10"}, headers=other)
    pid = res.json()["timesheet_period"]["id"]
    if step in ("approve", "reject"):
        assert api.post(f"{V1}/timesheet-periods/{pid}/submit", headers=other).status_code == 200
    h = api.headers(world.users[role])
    before = snapshot(db, ("timesheet_periods",))
    if step == "get":
        res = api.get(f"{V1}/timesheet-periods/{pid}", headers=h)
    elif step == "delete":
        res = api.delete(f"{V1}/timesheet-periods/{pid}", headers=h)
    else:
        body = {"reject": {"reason": "r"}, "approve": {"comment": "c"}}.get(step)
        res = api.post(f"{V1}/timesheet-periods/{pid}/{step}", json=body, headers=h)
    if status == 404:
        assert_error(res, 404, "not_found")
        assert snapshot(db, ("timesheet_periods",)) == before
        return
    expected = {
        "get": 200,
        "approve": 200,
        "reject": 200,
        "submit": 403,
        "delete": 200 if role == "admin" else 403,
    }
    assert res.status_code == expected[step], res.text


@pytest.mark.parametrize(
    ("role", "scopes", "status"),
    [
        ("member", None, 403),
        ("manager", None, 403),
        ("admin", ["write:time_entries"], 403),  # an admin's narrow token is not an admin
        ("admin", None, 200),
    ],
)
def test_importing_by_user_is_for_admins(
    api: Any, db: Any, world: World, role: str, scopes: list[str] | None, status: int
) -> None:
    user = world.users[role]
    headers = api.headers(user, scopes) if scopes else api.headers(user)
    before = snapshot(db)
    # An empty body: a refusal must come before the upload is read (else it would be empty_file).
    res = api.post(f"{V1}/imports?format=toggl&by_user=true", content=b"", headers=headers)
    if status == 403:
        assert_error(res, 403, "access_denied")
    else:
        assert_error(res, 400, "empty_file")
        entry = b'{"user": "other", "start_time": "2024-02-01T09:00:00Z", "end_time": "2024-02-01T10:00:00Z"}'
        body = b'{"time_entries": [' + entry + b"]}"
        res = api.post(f"{V1}/imports?format=punchclock&by_user=true", content=body, headers=headers)
        assert res.status_code == 200, res.text
        assert [(a["account"], a["imported"]) for a in res.json()["import"]["accounts"]] == [("other", 1)]
        return
    assert snapshot(db) == before


def _lead_a_team(api: Any, w: World, *members: str) -> None:
    """A team led by the world's manager, holding ``members``: from now on the workspace has teams."""
    admin = api.headers(w.users[ADM])
    res = api.post(f"{V1}/teams", json={"name": "Led"}, headers=admin)
    team = res.json()["team"]["id"]
    for name, lead in ((MGR, True), *((m, False) for m in members)):
        url = f"{V1}/teams/{team}/members/{w.users[name].id}"
        assert api.put(url, json={"is_lead": lead}, headers=admin).status_code == 200


def _owners(api: Any, headers: dict[str, str]) -> list[str]:
    listed = api.get(f"{V1}/time-entries", headers=headers).json()["time_entries"]
    return sorted(e["user"] for e in listed)


def test_without_teams_a_manager_reaches_everyone_as_before(api: Any, world: World) -> None:
    """The other rows of this matrix run in a world without teams: a manager reads and writes every
    member's entries there. This pins it, and shows what one team changes for the same caller."""
    h = api.headers(world.users[MGR])
    assert _owners(api, h) == ["admin", "manager", "member", "other"]
    assert len(api.get(f"{V1}/users", headers=h).json()["users"]) == 4
    _lead_a_team(api, world, MEM)
    assert _owners(api, h) == ["manager", "member"]
    assert [u["username"] for u in api.get(f"{V1}/users", headers=h).json()["users"]] == ["manager", "member"]
    assert _owners(api, api.headers(world.users[ADM])) == ["admin", "manager", "member", "other"]
