"""The week list's rendered rows (entry.views.row_json) are kept by the whole row: any change to an
entry or to the names joined into it shows in the next list, and the cache stays bounded."""

from __future__ import annotations

from punchclock.entry import views
from tests.entry.helpers import ENTRIES, entry, project, task

WEEK = f"{ENTRIES}?start_date=2024-01-15&end_date=2024-01-21"


def _listed(api, h) -> dict[int, dict]:
    res = api.get(WEEK, headers=h)
    assert res.status_code == 200, res.text
    return {e["id"]: e for e in res.json()["time_entries"]}


def test_every_change_shows_in_the_next_list(api):
    admin_h = api.headers(api.user("admin"))
    member = api.user()
    h = api.headers(member)
    pid = project(api, admin_h, "Website")
    tid = task(api, admin_h, pid, name="Design")
    made = entry(api, h, "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z", task_id=tid, notes="first")
    assert _listed(api, h)[made["id"]] == made  # the list and the create answer render alike
    assert _listed(api, h)[made["id"]] == made  # the kept copy, the same again
    api.patch(f"{ENTRIES}/{made['id']}", json={"notes": "second", "tags": "x"}, headers=h)
    got = _listed(api, h)[made["id"]]
    assert (got["notes"], got["tag_list"]) == ("second", ["x"])
    assert api.patch(f"/api/v1/projects/{pid}", json={"name": "Site"}, headers=admin_h).status_code == 200
    assert _listed(api, h)[made["id"]]["project"] == "Site"
    res = api.patch(f"/api/v1/tasks/{tid}", json={"name": "Build"}, headers=admin_h)
    assert res.status_code == 200, res.text
    assert _listed(api, h)[made["id"]]["task"] == "Build"
    assert api.delete(f"{ENTRIES}/{made['id']}", headers=h).status_code == 200
    assert made["id"] not in _listed(api, h)


def test_the_cache_starts_over_when_full(api, monkeypatch):
    h = api.headers(api.user())
    for day in range(15, 20):
        entry(api, h, f"2024-01-{day}T09:00:00Z", f"2024-01-{day}T10:00:00Z", notes="n" * 500)
    monkeypatch.setattr(views, "RENDERED_BYTES", 2000)
    monkeypatch.setattr(views, "_rendered", {})
    monkeypatch.setattr(views, "_rendered_bytes", 0)
    for _ in range(3):
        assert len(_listed(api, h)) == 5
        assert views._rendered_bytes <= 2000 + 2 * 1500  # never far past the bound
        assert len(views._rendered) <= 5


def test_the_bound_counts_what_the_cache_really_holds(monkeypatch):
    """A soak grew ~40 MiB while the cache counted only its JSON: the count must cover the memory."""
    import tracemalloc

    monkeypatch.setattr(views, "_rendered", {})
    monkeypatch.setattr(views, "_rendered_bytes", 0)
    start = 1_780_000_000
    rows = [
        (i, 1, f"user{i % 7}", 3, f"Project {i % 5}", None, None, start + i * 60, start + i * 60 + 1800,
         f"notes {i} #tag", "tag", "web", 1, start + i, start + i, None, 0)
        for i in range(3000)
    ]  # fmt: skip
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for row in rows:
            views.row_json(row)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(views._rendered) == 3000
    assert held <= views._rendered_bytes * 1.1, (held, views._rendered_bytes)
