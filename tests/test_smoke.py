"""The basic flow a new integration goes through, end to end through the ASGI app."""

from __future__ import annotations


def test_info_and_health_need_no_auth(api):
    assert api.get("/api/v1/info").json()["api_version"] == "v1"
    assert api.get("/api/v1/health").json()["status"] == "healthy"


def test_track_time_on_a_project(api):
    admin = api.user("admin")
    h = api.headers(admin)
    project = api.post("/api/v1/projects", json={"name": "Website", "hourly_rate": 75}, headers=h)
    assert project.status_code == 201, project.text
    pid = project.json()["project"]["id"]
    started = api.post("/api/v1/timer/start", json={"project_id": pid, "notes": "design"}, headers=h)
    assert started.status_code == 201
    assert api.get("/api/v1/timer/status", headers=h).json()["active"] is True
    stopped = api.post("/api/v1/timer/stop", headers=h)
    assert stopped.status_code == 200
    entry = stopped.json()["time_entry"]
    assert entry["end_time"] is not None
    assert entry["project"] == "Website"
    listed = api.get("/api/v1/time-entries", headers=h).json()
    assert [e["id"] for e in listed["time_entries"]] == [entry["id"]]
    assert listed["pagination"]["total"] == 1
