"""TimeTracker's own clients against a real `punchclock serve`: each test replays the requests one client
flow makes, with that client's headers and bodies, and checks what that client's code checks.

Notes: the requests and checks come from TimeTracker's client code (v5.10.0 unless "newer" says the
file's later upstream version); each test names the file it replays. One server serves the module and
every test signs in its own user, so the tests share nothing but projects they only read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.test_serve import free_port, server
from tests.contract.clients import (
    Account,
    Admin,
    Caller,
    Desktop,
    Extension,
    Mobile,
    MobileProbe,
    elapsed,
    error_code,
    instant,
    is_int,
)

pytestmark = pytest.mark.slow

ADMIN_PASSWORD = "contract-admin-password"
FAVORITES = "/api/v1/users/me/favorites/projects"
# Modules of TimeTracker's mobile "More" screen that Punchclock does not have.
ABSENT_MODULES = {"calendar", "kanban", "deals", "mileage", "per_diem", "issues"}

Connect = Callable[..., Caller]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("ttclients")
    port = free_port()
    env = {
        "PUNCHCLOCK_DATABASE_URL": f"sqlite:///{root / 'punchclock.db'}",
        "PUNCHCLOCK_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PUNCHCLOCK_ACCESS_LOG": "false",
        # The administrator makes a hundred projects within a minute for the extension's paging.
        "PUNCHCLOCK_RATE_LIMIT_PER_MINUTE": "1000",
    }
    with server(["--port", str(port), "--data-dir", str(root)], Path(root), port, env) as url:
        yield url


@pytest.fixture(scope="module")
def admin(base: str) -> Iterator[Admin]:
    administrator = Admin(base, ADMIN_PASSWORD)
    yield administrator
    administrator.close()


@pytest.fixture
def connect(base: str) -> Iterator[Connect]:
    """Open a client of a kind (Extension, Desktop, Mobile), anonymous or with a token."""
    made: list[Caller] = []

    def open_client(kind: type[Caller], token: str | None = None) -> Caller:
        made.append(kind(base, token))
        return made[-1]

    yield open_client
    for caller in made:
        caller.close()


@pytest.fixture
def signed_in(connect: Connect, admin: Admin) -> Callable[..., Caller]:
    """Open a client of a kind signed in (with a password) as a new user of ``role`` in ``timezone``."""

    def open_signed_in(kind: type[Caller], role: str = "member", timezone: str = "UTC") -> Caller:
        caller = connect(kind)
        sign_in(caller, admin.user(role, timezone))
        return caller

    return open_signed_in


def sign_in(caller: Caller, account: Account, typed: str | None = None) -> str:
    """POST /auth/login as the client does (no device name, no scope); keep the token it returns."""
    body = {"username": typed or account.username, "password": account.password}
    res = caller.post("/api/v1/auth/login", body)
    assert res.status_code == 200, res.text
    token = res.json()["token"]
    assert isinstance(token, str), token
    assert token.startswith("tt_"), token  # the extension and the desktop refuse any other token
    caller.token = token
    return token


def info_accepted(caller: Caller) -> dict:
    """GET /info and every check a client makes before it lets the user sign in."""
    res = caller.get("/api/v1/info")
    assert res.status_code == 200, res.text
    info = res.json()
    assert info["api_version"] == "v1", info
    assert isinstance(info["endpoints"], dict), info
    assert info["setup_required"] is False, info  # true: "not fully set up yet", no sign-in
    assert isinstance(info["app_version"], str), info
    assert isinstance(info["timezone"], str), info
    return info


def timer_of(status: dict) -> dict:
    """The running timer of a /timer/status answer, with every field a client reads typed as it reads it."""
    assert status["active"] is True, status
    timer = status["timer"]
    assert isinstance(timer, dict), status
    for key in ("id", "user_id", "project_id", "break_seconds"):
        assert is_int(timer[key]), (key, timer)
    assert timer["task_id"] is None or is_int(timer["task_id"]), timer
    instant(timer["start_time"])
    assert timer["paused_at"] is None or instant(timer["paused_at"]), timer
    assert elapsed(timer, datetime.now(UTC)) >= 0, timer
    return timer


def entry_for_mobile(entry: dict) -> dict:
    """A time entry as the mobile app's TimeEntry.fromJson reads it: numbers where it casts ``as num``."""
    assert is_int(entry["id"]), entry
    for key in ("user_id", "project_id", "task_id", "duration_seconds"):
        assert entry[key] is None or is_int(entry[key]), (key, entry)
    for key in ("start_time", "created_at", "updated_at"):
        instant(entry[key])
    assert entry["end_time"] is None or instant(entry["end_time"])
    return entry


# The browser extension


def test_the_extensions_sign_in_with_a_password(connect, admin):
    # browser-extension/options.js
    ext = connect(Extension)
    info_accepted(ext)
    alice = admin.user()
    wrong = ext.post("/api/v1/auth/login", {"username": alice.username, "password": "wrong"})
    assert wrong.status_code == 401  # "Authentication failed. Sign in again."
    sign_in(ext, alice, typed=alice.username.upper())
    me = ext.get("/api/v1/users/me")
    assert me.status_code == 200, me.text
    assert me.json()["user"]["username"] == alice.username  # "Connected as ..."
    # The options page then wakes the background worker, which polls with the new token.
    assert ext.get("/api/v1/timer/status").json() == {"active": False, "timer": None}


def test_the_extensions_pasted_token_that_cannot_read_users(connect, admin):
    # browser-extension/options.js
    token = admin.token(admin.user(), "read:time_entries,write:time_entries")
    assert token.startswith("tt_")  # the options page refuses a token without the prefix
    ext = connect(Extension, token)
    assert ext.get("/api/v1/users/me").status_code == 403  # then it falls back to the timer
    status = ext.get("/api/v1/timer/status")
    assert status.status_code == 200, status.text


def test_the_extensions_picker_and_timer_flow(connect, admin):
    # browser-extension/popup.js and background.js (paging, pause, resume: newer popup.js)
    client_id = admin.client("Picker client")
    mine = {admin.project(f"Picker {n:03}", client_id=client_id) for n in range(101)}
    archived = admin.project("Picker archived", status="archived")
    site = min(mine)
    tasks = {name: admin.task(site, name, status) for name, status in (
        ("Write", "todo"), ("Review", "review"), ("Build", "in_progress"),
        ("Shipped", "done"), ("Dropped", "cancelled"),
    )}  # fmt: skip
    ext = connect(Extension)
    token = sign_in(ext, admin.user())
    # Marked in the web app; the extension only reads favourites.
    assert connect(Caller, token).post(FAVORITES, {"project_id": max(mine)}).status_code == 201

    assert ext.get("/api/v1/timer/status").json() == {"active": False, "timer": None}
    first = ext.get("/api/v1/projects?status=active&per_page=100")
    assert first.status_code == 200, first.text
    assert len(first.json()["projects"]) == 100
    listed: dict[int, dict] = {}
    page = 1
    while True:  # the newer popup's getAllProjects: until page >= pagination.pages
        body = ext.get(f"/api/v1/projects?status=active&page={page}&per_page=100").json()
        for project in body["projects"]:
            assert is_int(project["id"]), project
            assert isinstance(project["name"], str), project
            assert project["id"] not in listed, "a project on two pages"
            listed[project["id"]] = project
        if page >= body["pagination"]["pages"]:
            break
        page += 1
    assert page >= 2
    assert len(listed) == body["pagination"]["total"]
    assert mine <= listed.keys()
    assert archived not in listed
    assert (listed[site]["client_id"], listed[site]["client"]) == (client_id, "Picker client")

    favorites = ext.get(FAVORITES).json()["favorites"]
    starred = {f["project_id"] for f in favorites}
    assert starred == {max(mine)}
    assert starred <= listed.keys()

    for query in ("status=active&per_page=100", "status=open&per_page=200"):
        res = ext.get(f"/api/v1/tasks?project_id={site}&{query}")
        assert res.status_code == 200, res.text
        picked = res.json()["tasks"]
        assert all(is_int(t["id"]) and isinstance(t["status"], str) and t["status"] for t in picked)
        assert {t["name"]: t["id"] for t in picked} == {k: tasks[k] for k in ("Write", "Review", "Build")}
    clients = ext.get("/api/v1/clients?per_page=100").json()["clients"]
    assert {c["id"]: c["name"] for c in clients if is_int(c["id"])}[client_id] == "Picker client"

    started = ext.post("/api/v1/timer/start", {"project_id": site, "task_id": tasks["Write"], "notes": "wip"})
    assert started.status_code == 201, started.text
    assert is_int(started.json()["timer"]["id"])
    timer = timer_of(ext.get("/api/v1/timer/status").json())  # the background poll
    assert (timer["project"], timer["task"]) == ("Picker 000", "Write")  # badge and tooltip: names
    assert (timer["paused_at"], timer["break_seconds"]) == (None, 0)

    again = ext.post("/api/v1/timer/start", {"project_id": site})
    assert error_code(again, 409) == "timer_already_running"
    assert ext.get("/api/v1/timer/status").json()["active"] is True  # "A timer is already running."

    paused = ext.post("/api/v1/timer/pause")
    assert paused.status_code == 200, paused.text
    paused_at = (paused.json().get("time_entry") or paused.json()["timer"])["paused_at"]
    instant(paused_at)
    time.sleep(1.1)
    frozen = timer_of(ext.get("/api/v1/timer/status").json())
    assert frozen["paused_at"] == paused_at  # the count stays still while paused
    resumed = ext.post("/api/v1/timer/resume")
    assert resumed.status_code == 200, resumed.text
    running = resumed.json().get("time_entry") or resumed.json()["timer"]
    assert running["paused_at"] is None
    assert 1 <= running["break_seconds"] <= 3

    stopped = ext.post("/api/v1/timer/stop")  # no body and no Content-Type
    assert stopped.status_code == 200, stopped.text
    assert error_code(ext.post("/api/v1/timer/stop"), 400) == "no_active_timer"
    assert ext.get("/api/v1/timer/status").json() == {"active": False, "timer": None}


def test_the_extensions_inline_task_and_project_creation(signed_in, admin):
    # browser-extension/popup.js (a project without a client: newer popup.js)
    client_id = admin.client("Inline client")
    ext = signed_in(Extension, "manager")
    project = ext.post("/api/v1/projects", {"name": "Inline project", "client_id": client_id})
    assert project.status_code == 201, project.text
    project_id = project.json()["project"]["id"]
    assert is_int(project_id)
    assert project.json()["project"]["client_id"] == client_id
    task = ext.post("/api/v1/tasks", {"name": "Inline task", "project_id": project_id})
    assert task.status_code == 201, task.text
    assert is_int(task.json()["task"]["id"])
    alone = ext.post("/api/v1/projects", {"name": "Inline alone"})
    assert alone.status_code == 201, alone.text
    assert is_int((alone.json().get("project") or alone.json())["id"])


def test_the_extensions_poll_with_a_token_the_server_does_not_know(connect):
    # browser-extension/background.js
    for token in ("garbage", "tt_" + "A" * 32):
        res = connect(Extension, token).get("/api/v1/timer/status")
        assert res.status_code == 401, res.text


# The desktop app


def test_the_desktops_server_test_and_sign_in(connect, admin):
    # desktop/src/renderer-react/src/main.jsx
    desk = connect(Desktop)
    info_accepted(desk)  # "Test server"
    info_accepted(desk)  # and again on "Sign in"
    bob = admin.user()
    sign_in(desk, bob, typed=f"{bob.username.title()} ")  # sent as typed, not trimmed
    me = desk.get("/api/v1/users/me")
    assert me.status_code == 200, me.text  # exactly 200
    assert me.json()["user"]["username"] == bob.username  # the top bar shows it


def test_the_desktops_core_refresh(signed_in, admin):
    # desktop/src/renderer-react/src/main.jsx
    project_id = admin.project("Desk core")
    task_id = admin.task(project_id, "Desk task")
    desk = signed_in(Desktop)
    entry = {
        "project_id": project_id,
        "start_time": "2026-05-04T07:00:00.000Z",
        "end_time": "2026-05-04T08:00:00.000Z",
    }
    assert desk.post("/api/v1/time-entries", entry).status_code == 201

    assert desk.get("/api/v1/users/me").json()["user"]["username"]
    assert desk.get("/api/v1/timer/status").json()["active"] is False
    projects = desk.get("/api/v1/projects").json()["projects"]  # 50 by name: "Desk core" among them
    assert all(is_int(p["id"]) and isinstance(p["name"], str) for p in projects)
    assert project_id in {p["id"] for p in projects}
    tasks = desk.get("/api/v1/tasks").json()["tasks"]
    assert {str(t["project_id"]) for t in tasks if t["id"] == task_id} == {str(project_id)}
    entries = desk.get("/api/v1/time-entries?perPage=25")  # camelCase, ignored like any unknown param
    assert entries.status_code == 200, entries.text
    [listed] = entries.json()["time_entries"]
    assert listed["duration_formatted"] == "01:00:00"
    attendance = desk.get("/api/v1/attendance/status")  # then the workday card
    assert error_code(attendance, 403) == "module_disabled"  # "Attendance unavailable"


def test_the_desktops_start_dialog_and_timer_buttons(signed_in, admin):
    # desktop/src/renderer-react/src/views/Dialogs.jsx and main.jsx
    project_id = admin.project("Desk timer")
    task_id = admin.task(project_id, "Desk timer task")
    desk = signed_in(Desktop)
    nothing = desk.post("/api/v1/timer/start", {"project_id": "", "task_id": None, "notes": ""})
    error_code(nothing, 400)  # no project chosen: TimeTracker refuses it too
    started = desk.post(
        "/api/v1/timer/start", {"project_id": str(project_id), "task_id": str(task_id), "notes": "x"}
    )
    assert started.status_code == 201, started.text
    timer = timer_of(desk.get("/api/v1/timer/status").json())
    assert (timer["project_id"], timer["task_id"], timer["notes"]) == (project_id, task_id, "x")

    tray = desk.post("/api/v1/timer/start", {"project_id": project_id, "task_id": None, "notes": ""})
    assert error_code(tray, 409) == "timer_already_running"

    assert desk.post("/api/v1/timer/pause").status_code == 200
    assert timer_of(desk.get("/api/v1/timer/status").json())["paused_at"]  # the Resume button shows
    assert desk.post("/api/v1/timer/resume").status_code == 200
    assert timer_of(desk.get("/api/v1/timer/status").json())["paused_at"] is None
    assert desk.post("/api/v1/timer/stop").status_code == 200
    assert desk.get("/api/v1/timer/status").json()["active"] is False
    assert error_code(desk.post("/api/v1/timer/stop"), 400) == "no_active_timer"  # "already stopped"


def test_the_desktops_manual_entry_dialog_is_refused(signed_in, admin):
    # desktop/src/renderer-react/src/views/Dialogs.jsx
    project_id = admin.project("Desk manual")
    desk = signed_in(Desktop)
    body = {
        "project_id": str(project_id),
        "task_id": None,
        "duration_minutes": 30,
        "date": "2026-05-04",
        "notes": "",
    }
    error_code(desk.post("/api/v1/time-entries", body), 400)  # as TimeTracker: start_time is required


def legacy_form(project_id: int, start: str, end: str, notes: str | None, tags: str | None) -> dict:
    """The legacy desktop's entry form: times from toISOString(), a field left empty sent as null."""
    return {
        "project_id": project_id,
        "task_id": None,
        "start_time": start,
        "end_time": end,
        "notes": notes,
        "tags": tags,
        "billable": True,
    }


def test_the_legacy_desktops_dashboard_totals(signed_in, admin):
    # desktop/src/renderer/js/app.js
    project_id = admin.project("Legacy desk")
    desk = signed_in(Desktop)
    form = legacy_form(
        project_id, "2026-05-05T07:00:00.000Z", "2026-05-05T08:30:00.000Z", "standup", "meeting"
    )
    created = desk.post("/api/v1/time-entries", form)
    assert created.status_code == 201, created.text
    entry_id = created.json()["time_entry"]["id"]
    edited = desk.put(f"/api/v1/time-entries/{entry_id}", {**form, "end_time": "2026-05-05T09:00:00.000Z"})
    assert edited.status_code == 200, edited.text

    today = desk.get("/api/v1/time-entries?start_date=2026-05-05&end_date=2026-05-05")
    assert today.status_code == 200, today.text
    assert sum(e["duration_seconds"] or 0 for e in today.json()["time_entries"]) == 7200
    recent = desk.get("/api/v1/time-entries?per_page=5").json()["time_entries"]
    assert [e["id"] for e in recent] == [entry_id]
    assert is_int(recent[0]["duration_seconds"])


def test_the_legacy_desktops_entry_form_with_empty_notes_and_tags(signed_in, admin):
    # desktop/src/renderer/js/app.js
    project_id = admin.project("Legacy empty")
    desk = signed_in(Desktop)
    form = legacy_form(project_id, "2026-05-06T07:00:00.000Z", "2026-05-06T08:00:00.000Z", None, None)
    res = desk.post("/api/v1/time-entries", form)
    assert res.status_code == 201, res.text


def test_the_newer_desktops_idle_auto_stop(signed_in, admin):
    # desktop/src/main/idle.js (newer)
    desk = signed_in(Desktop)
    started = (datetime.now(UTC) - timedelta(minutes=10)).isoformat()  # a timer that ran a while
    body = {"project_id": admin.project("Desk idle"), "start_time": started}
    assert desk.post("/api/v1/timer/start", body).status_code == 201
    at = (datetime.now(UTC) - timedelta(seconds=30)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    stopped = desk.post("/api/v1/timer/stop", {"stop_time": at})
    assert stopped.status_code == 200, stopped.text
    assert instant(stopped.json()["time_entry"]["end_time"]) == instant(at).replace(microsecond=0)


# The mobile app


def test_the_mobile_sign_in(connect, admin):
    # mobile/lib/presentation/screens/login_screen.dart
    info_accepted(connect(MobileProbe))
    app = connect(Mobile)
    token = sign_in(app, admin.user())
    assert token  # the app checks a non-empty string only
    validated = app.get("/api/v1/timer/status")  # validateTokenRaw: exactly 200
    assert validated.status_code == 200, validated.text
    assert connect(Mobile, "tt_" + "B" * 32).get("/api/v1/timer/status").status_code == 401


def test_the_mobile_timer_with_json_content_type_and_empty_bodies(signed_in, admin):
    # mobile/lib/domain/repositories/time_tracking_repository.dart
    project_id = admin.project("Mobile timer")
    task_id = admin.task(project_id, "Mobile task")
    app = signed_in(Mobile)
    assert app.get("/api/v1/timer/status").json() == {"active": False, "timer": None}
    started = app.post(
        "/api/v1/timer/start", {"project_id": project_id, "task_id": task_id, "notes": "on the go"}
    )
    assert started.status_code == 201, started.text
    assert is_int(started.json()["timer"]["id"])  # Timer.fromJson(response['timer'])
    timer = timer_of(app.get("/api/v1/timer/status").json())
    assert (timer["project_id"], timer["task_id"]) == (project_id, task_id)

    for action, paused in (("pause", True), ("resume", False)):
        res = app.post(f"/api/v1/timer/{action}")  # Content-Type: application/json, empty body
        assert res.status_code == 200, res.text
        entry = res.json().get("time_entry") or res.json()["timer"]
        assert is_int(entry["id"])
        assert bool(entry["paused_at"]) is paused

    stopped = app.post("/api/v1/timer/stop")
    assert stopped.status_code == 200, stopped.text
    entry = entry_for_mobile(stopped.json()["time_entry"])
    assert entry["end_time"]
    assert is_int(entry["duration_seconds"])
    code = error_code(app.post("/api/v1/timer/stop"), 400)
    assert code in ("no_active_timer", "timer_already_stopped")  # "already stopped", the timer cleared


def test_the_mobile_lists_and_offline_entries_in_local_time(signed_in, admin):
    # mobile/lib/domain/repositories/time_tracking_repository.dart
    project_id = admin.project("Mobile lists", client_id=admin.client("Mobile client"))
    task_id = admin.task(project_id, "Mobile list task", "done")
    app = signed_in(Mobile, timezone="Europe/Brussels")  # the phone's zone too

    me = app.get("/api/v1/users/me").json()
    assert isinstance(me["user"]["timezone"], str)
    modules = me.get("enabled_modules", [])  # absent: the More screen shows no optional module
    assert isinstance(modules, list)
    assert not ABSENT_MODULES & set(modules)
    projects = app.get("/api/v1/projects?status=active").json()["projects"]  # 50 by name
    [project] = [p for p in projects if p["id"] == project_id]
    assert (project["client"], project["status"], project["billable"]) == ("Mobile client", "active", True)
    tasks = app.get(f"/api/v1/tasks?project_id={project_id}").json()["tasks"]  # the start sheet: no status
    assert [(t["id"], t["project_id"], t["status"]) for t in tasks] == [(task_id, project_id, "done")]

    # The offline queue replays a create with its Idempotency-Key; times are the phone's, without offset.
    def create(start: str, end: str, key: str) -> dict:
        body = {"project_id": project_id, "start_time": start, "end_time": end, "notes": "offline"}
        res = app.post("/api/v1/time-entries", body, headers={"Idempotency-Key": key})
        assert res.status_code == 201, res.text
        return entry_for_mobile(res.json()["time_entry"])

    morning = create("2026-05-01T09:00:00.000", "2026-05-01T10:00:00.000", "offline-1")
    assert create("2026-05-01T09:00:00.000", "2026-05-01T10:00:00.000", "offline-1") == morning
    assert instant(morning["start_time"]) == datetime(2026, 5, 1, 7, tzinfo=UTC)  # 09:00 in Brussels
    assert morning["duration_seconds"] == 3600
    late = create("2026-05-01T23:00:00.000", "2026-05-01T23:30:00.000", "offline-2")
    after_midnight = create("2026-05-02T00:30:00.000", "2026-05-02T01:00:00.000", "offline-3")

    home = app.get("/api/v1/time-entries?start_date=2026-05-01&end_date=2026-05-01&page=1&per_page=50")
    assert home.status_code == 200, home.text
    assert {e["id"] for e in home.json()["time_entries"]} == {morning["id"], late["id"]}
    filtered = app.get(
        f"/api/v1/time-entries?project_id={project_id}&start_date=2026-05-02&end_date=2026-05-02"
        "&billable=true&page=1&per_page=50"
    )
    assert [e["id"] for e in filtered.json()["time_entries"]] == [after_midnight["id"]]
    synced = app.get("/api/v1/time-entries?page=1&per_page=100").json()
    assert len(synced["time_entries"]) == 3
    assert synced["pagination"]["has_next"] is False
    for listed in synced["time_entries"]:
        entry_for_mobile(listed)

    one = app.get(f"/api/v1/time-entries/{morning['id']}")
    assert entry_for_mobile(one.json()["time_entry"])["notes"] == "offline"
    edited = app.patch(f"/api/v1/time-entries/{morning['id']}", {"notes": "edited", "task_id": task_id})
    assert edited.status_code == 200, edited.text
    assert entry_for_mobile(edited.json()["time_entry"])["task_id"] == task_id
    assert app.delete(f"/api/v1/time-entries/{late['id']}").status_code == 200


def test_the_mobile_offline_edit_of_an_entry_changed_since(signed_in, admin):
    # mobile/lib/data/storage/sync_service.dart
    app = signed_in(Mobile)
    body = {"project_id": admin.project("Mobile stale"), "start_time": "2026-05-07T09:00:00.000"}
    entry = app.post("/api/v1/time-entries", {**body, "end_time": "2026-05-07T10:00:00.000"}).json()
    stale = app.patch(
        f"/api/v1/time-entries/{entry['time_entry']['id']}",
        {"notes": "n", "if_updated_at": "2026-01-01T00:00:00Z"},  # before the entry was made
    )
    assert stale.status_code == 409, stale.text
    assert stale.json()["error_code"] == "entry_changed"
    current = entry["time_entry"]["updated_at"]
    fresh = app.patch(
        f"/api/v1/time-entries/{entry['time_entry']['id']}", {"notes": "n", "if_updated_at": current}
    )
    assert fresh.status_code == 200, fresh.text


def test_the_mobile_attendance_card_sees_the_module_disabled(signed_in):
    # mobile/lib/presentation/providers/attendance_provider.dart
    app = signed_in(Mobile)
    for method, path, body in (
        ("GET", "/api/v1/attendance/status", None),
        ("POST", "/api/v1/workday/start", {"source": "mobile"}),
        ("POST", "/api/v1/attendance/break/start", {"break_type": "rest"}),
        ("POST", "/api/v1/attendance/break/end", None),
        ("POST", "/api/v1/workday/end", {}),
        ("GET", "/api/v1/attendance/history?days=30", None),
    ):
        res = app.request(method, path) if body is None else app.request(method, path, body)
        assert error_code(res, 403) == "module_disabled"
        shown = res.json()
        assert "module_disabled" in f"{shown['error']} {shown['message']}"  # how the app tells it apart


# Both apps' invoice views


def test_the_invoice_views_on_a_server_without_invoices(connect, admin):
    # desktop/src/renderer-react/src/main.jsx
    account = admin.user()
    desk, app = connect(Desktop), connect(Mobile)
    sign_in(desk, account)
    sign_in(app, account)
    assert error_code(desk.get("/api/v1/invoices?perPage=25"), 404) == "not_found"
    # mobile/lib/presentation/providers/finance_workforce_providers.dart
    assert error_code(app.get("/api/v1/invoices?page=1&per_page=20"), 404) == "not_found"
