"""GET /api/v1/startup: the web app's first screen in one answer, equal to the endpoints it replaces."""

from __future__ import annotations

URL = "/api/v1/startup"


def _week(api, h):
    for start, end in (("2026-11-16T09:00:00Z", "2026-11-16T10:00:00Z"), ("2026-11-18T09:00:00Z", None)):
        body = {"start_time": start, "notes": "work #dev"} | ({"end_time": end} if end else {})
        path = "/api/v1/time-entries" if end else "/api/v1/timer/start"
        assert api.post(path, json=body, headers=h).status_code == 201


def test_the_startup_answer_equals_the_endpoints_it_replaces(api):
    api.user(name="boss", role="manager")
    api.user(name="alice")
    boss = api.login("boss")
    client = api.post("/api/v1/clients", json={"name": "Acme"}, headers=boss).json()["client"]["id"]
    project = api.post("/api/v1/projects", json={"name": "Web", "client_id": client}, headers=boss).json()
    api.post("/api/v1/tasks", json={"name": "Design", "project_id": project["project"]["id"]}, headers=boss)
    h = api.login("alice")
    api.put("/api/v1/settings", json={"settings": {"pc_theme": "dark"}}, headers=h)
    api.post("/api/v1/presets", json={"name": "Standup", "notes": "Daily standup #team"}, headers=h)
    _week(api, h)
    # Someone else's entry in the range is not in alice's answer.
    bh = api.login("boss")
    theirs = {"start_time": "2026-11-17T09:00:00Z", "end_time": "2026-11-17T10:00:00Z"}
    api.post("/api/v1/time-entries", json=theirs, headers=bh)
    week = {"start_date": "2026-11-15T00:00:00Z", "end_date": "2026-11-23T00:00:00Z"}
    got = api.get(URL, params=week, headers=h)
    assert got.status_code == 200, got.text
    data = got.json()
    me = api.get("/api/v1/users/me", headers=h).json()["user"]
    assert data["user"] == me
    assert data["settings"] == {"pc_theme": "dark"}
    assert data["workspace"] == api.get("/api/v1/settings/workspace", headers=h).json()["workspace"]
    assert data["projects"] == api.get("/api/v1/projects?status=all", headers=h).json()["projects"]
    assert data["tasks"] == api.get("/api/v1/tasks", headers=h).json()["tasks"]
    assert data["clients"] == api.get("/api/v1/clients", headers=h).json()["clients"]
    assert data["timer"] == api.get("/api/v1/timer/status", headers=h).json()["timer"]
    assert data["presets"] == api.get("/api/v1/presets", headers=h).json()["presets"]
    assert data["unread_notifications"] == api.get("/api/v1/notifications", headers=h).json()["unread"] == 0
    listed = api.get("/api/v1/time-entries", params={**week, "include_active": "true", "user_id": me["id"]},
                     headers=h).json()["time_entries"]  # fmt: skip
    assert data["entries"] == listed
    assert len(data["entries"]) == 2
    assert data["recent"] == api.get("/api/v1/time-entries?include_active=true&user_id=" + str(me["id"]),
                                     headers=h).json()["time_entries"]  # fmt: skip
    assert data["complete"] == {"projects": True, "tasks": True, "clients": True, "entries": True}


def test_without_a_range_no_entries_and_a_narrow_token_gets_only_its_parts(api):
    api.user(name="alice")
    h = api.login("alice")
    assert "entries" not in api.get(URL, headers=h).json()
    user = api.user(name="bob")
    narrow = api.headers(user, ["read:time_entries"])
    data = api.get(URL, headers=narrow).json()
    assert set(data) == {
        "timer",
        "recent",
        "presets",
        "signoff",
        "attendance",
        "unread_notifications",
        "complete",
    }
    assert api.get(URL, params={"start_date": "yesterday"}, headers=h).status_code == 400
    bad = api.get(URL, params={"start_date": "2026-11-20", "end_date": "2026-11-10"}, headers=h)
    assert bad.status_code == 400
    assert bad.json()["code"] == "end_before_start"


def test_the_period_comes_whole_in_one_answer_past_the_pages_of_100(api):
    user = api.user(name="alice")
    h = api.login("alice")
    rows = [{"start_time": f"2026-11-{16 + i // 40:02d}T{(i % 40) // 4 + 6:02d}:{(i % 4) * 15:02d}:00Z",
             "end_time": f"2026-11-{16 + i // 40:02d}T{(i % 40) // 4 + 6:02d}:{(i % 4) * 15 + 10:02d}:00Z"}
            for i in range(230)]  # fmt: skip
    for row in rows:
        assert api.post("/api/v1/time-entries", json=row, headers=h).status_code == 201
    week = {"start_date": "2026-11-16T00:00:00Z", "end_date": "2026-11-23T00:00:00Z"}
    data = api.get(URL + "/period", params=week, headers=h).json()
    assert data["complete"] is True
    assert len(data["entries"]) == 230
    paged = []
    for page in (1, 2, 3):
        q = {**week, "include_active": "true", "user_id": user.id, "per_page": 100, "page": page}
        paged += api.get("/api/v1/time-entries", params=q, headers=h).json()["time_entries"]
    assert data["entries"] == paged
    assert api.get(URL + "/period", params={"start_date": "2026-11-16"}, headers=h).status_code == 400
