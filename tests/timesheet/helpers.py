"""Builders for the timesheet cell tests: a team with projects, and the cells as the API shows them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.entry.helpers import ENTRIES, project, task

CELLS = "/api/v1/timesheet/cells"
UNDO = "/api/v1/timesheet/cells/undo"
DAY = "2024-01-15"  # a Monday


def team(api: Any) -> SimpleNamespace:
    manager, alice = api.user("manager"), api.user("member", "alice")
    t = SimpleNamespace(manager=manager, alice=alice, mh=api.headers(manager), ah=api.headers(alice))
    t.web = project(api, t.mh, "Website")
    t.design = task(api, t.mh, t.web, "Design")
    t.internal = project(api, t.mh, "Internal")
    return t


def put(api: Any, h: dict[str, str], seconds: int, day: str = DAY, **row: Any) -> Any:
    return api.put(CELLS, json={"date": day, "seconds": seconds, **row}, headers=h)


def cell(api: Any, h: dict[str, str], seconds: int, day: str = DAY, **row: Any) -> dict[str, Any]:
    res = put(api, h, seconds, day, **row)
    assert res.status_code == 200, res.text
    return dict(res.json())


def spans(api: Any, h: dict[str, str], day: str = DAY) -> list[tuple[str, str, int | None, int | None]]:
    """(start HH:MM, end HH:MM, project, task) of the entries starting on ``day`` (UTC), by start."""
    query = f"start_date={day}T00:00:00Z&end_date={day}T23:59:59Z&per_page=100"
    found = api.get(f"{ENTRIES}?{query}", headers=h).json()["time_entries"]
    return sorted(
        (e["start_time"][11:16], e["end_time"][11:16], e["project_id"], e["task_id"]) for e in found
    )


def sheet(api: Any, h: dict[str, str], week: str = DAY) -> dict[str, Any]:
    res = api.get(f"/api/v1/reports/timesheet?week={week}", headers=h)
    assert res.status_code == 200, res.text
    return dict(res.json()["timesheet"])


def seconds_of(api: Any, h: dict[str, str], project_id: int | None, task_id: int | None = None) -> int:
    """The timesheet report's cell for DAY (the week's first day)."""
    for row in sheet(api, h)["rows"]:
        if (row["project_id"], row["task_id"]) == (project_id, task_id):
            return int(row["days"][0])
    return 0
