"""/api/v1/presets: a user's favourite entries, checked as entries are, personal to each user."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import text

from punchclock.preset import repository as preset_repository
from punchclock.preset import service
from tests.checks import assert_error, snapshot
from tests.entry.helpers import project, task

URL = "/api/v1/presets"
TABLES = ("presets", "time_entries")


@pytest.fixture
def w(api):
    admin, member = api.user("admin"), api.user("member")
    ah = api.headers(admin)
    site = project(api, ah, "Website", billable=True)
    other = project(api, ah, "Internal")
    design = task(api, ah, site, "Design")
    return SimpleNamespace(api=api, ah=ah, mh=api.headers(member), member=member, site=site, other=other,
                           design=design)  # fmt: skip


def create(w, **body):
    res = w.api.post(URL, json={"name": "Standup", **body}, headers=w.mh)
    assert res.status_code == 201, res.text
    return res.json()["preset"]


def test_create_list_get_update_delete(api, w):
    made = create(w, notes="Daily standup", task_id=w.design, tags="team, #daily", billable=False)
    assert made | {"project_id": w.site, "project": "Website", "task": "Design", "tags": "team,daily"} == made
    assert (made["tag_list"], made["billable"]) == (["team", "daily"], False)
    assert api.get(URL, headers=w.mh).json()["presets"] == [made]
    assert api.get(f"{URL}/{made['id']}", headers=w.mh).json()["preset"] == made
    res = api.patch(f"{URL}/{made['id']}", json={"name": "Morning", "billable": None}, headers=w.mh)
    assert res.status_code == 200, res.text
    changed = res.json()["preset"]
    assert (changed["name"], changed["billable"], changed["task_id"]) == ("Morning", None, w.design)
    assert api.delete(f"{URL}/{made['id']}", headers=w.mh).status_code == 200
    assert api.get(URL, headers=w.mh).json()["presets"] == []
    assert_error(api.get(f"{URL}/{made['id']}", headers=w.mh), 404, "not_found")


def test_listed_by_name_whatever_the_case(api, w):
    for name in ("beta", "Alpha", "gamma"):
        create(w, name=name)
    assert [p["name"] for p in api.get(URL, headers=w.mh).json()["presets"]] == ["Alpha", "beta", "gamma"]


def test_a_new_project_drops_the_old_task_as_on_an_entry(api, w):
    made = create(w, task_id=w.design)
    changed = api.patch(f"{URL}/{made['id']}", json={"project_id": w.other}, headers=w.mh).json()["preset"]
    assert (changed["project_id"], changed["task_id"]) == (w.other, None)
    cleared = api.patch(f"{URL}/{changed['id']}", json={"project_id": None}, headers=w.mh).json()["preset"]
    assert (cleared["project_id"], cleared["project"]) == (None, None)


@pytest.mark.parametrize("name", ["Standup", "STANDUP", " standup ", "ÉTÉ", "été"])
def test_names_are_unique_per_user_whatever_the_case(api, w, db, name):
    create(w)
    create(w, name="Été")  # non-ASCII case too (SQLite's LOWER folds ASCII only)
    before = snapshot(db, TABLES)
    assert_error(api.post(URL, json={"name": name}, headers=w.mh), 409, "preset_exists")
    other = create(w, name="Other")
    assert_error(api.patch(f"{URL}/{other['id']}", json={"name": name}, headers=w.mh), 409, "preset_exists")
    assert len(snapshot(db, TABLES)["presets"]) == len(before["presets"]) + 1
    assert api.post(URL, json={"name": "Standup"}, headers=w.ah).status_code == 201  # another user's


def test_a_name_taken_by_the_unique_key_alone_is_a_409_not_a_500(api, w, monkeypatch):
    """A name the check lets through but the key refuses (a racing request took it) answers 409."""
    weird = "\u00d4\u00e1\U000dbd63"
    assert api.post(URL, json={"name": weird}, headers=w.mh).status_code == 201
    other = create(w, name="Other")
    monkeypatch.setattr(preset_repository, "name_taken", lambda *_args: False)  # as if raced
    assert_error(api.patch(f"{URL}/{other['id']}", json={"name": weird}, headers=w.mh), 409, "preset_exists")
    assert_error(api.post(URL, json={"name": weird}, headers=w.mh), 409, "preset_exists")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"name": ""}, "validation_error"),
        ({"name": "x" * 101}, "validation_error"),
        ({"name": "a\x00b"}, "validation_error"),
        ({"name": "a", "project_id": 999}, "invalid_project"),
        ({"name": "a", "task_id": 999}, "invalid_task"),
        ({"name": "a", "tags": "has space"}, "validation_error"),
        ({"name": "a", "billable": "yes"}, "validation_error"),
        ({"name": "a", "notes": "n" * 10_001}, "validation_error"),
        ({"name": "a", "user_id": 1}, "validation_error"),
    ],
)
def test_bad_input_is_400_and_changes_nothing(api, w, db, body, code):
    before = snapshot(db, TABLES)
    assert_error(api.post(URL, json=body, headers=w.mh), 400, code)
    assert snapshot(db, TABLES) == before


def test_the_task_must_belong_to_the_project_and_the_project_be_open(api, w, db):
    before = snapshot(db, TABLES)
    body = {"name": "a", "project_id": w.other, "task_id": w.design}
    assert_error(api.post(URL, json=body, headers=w.mh), 400, "task_project_mismatch")
    assert api.delete(f"/api/v1/projects/{w.other}", headers=w.ah).status_code == 200  # archives it
    archived = api.post(URL, json={"name": "a", "project_id": w.other}, headers=w.mh)
    assert_error(archived, 400, "project_archived")
    assert snapshot(db, TABLES)["presets"] == before["presets"]


def test_at_most_so_many_per_user(api, w, monkeypatch):
    monkeypatch.setattr(service, "MAX_PRESETS", 2)
    create(w, name="one")
    create(w, name="two")
    assert_error(api.post(URL, json={"name": "three"}, headers=w.mh), 409, "preset_limit")


def test_another_users_preset_is_404_even_for_an_admin(api, w, db):
    mine = create(w)
    before = snapshot(db, TABLES)
    for method in ("GET", "PATCH", "PUT", "DELETE"):
        body = {"name": "theirs"} if method in ("PATCH", "PUT") else None
        res = api.client.request(method, f"{URL}/{mine['id']}", json=body, headers=w.ah)
        assert_error(res, 404, "not_found")
    assert api.get(URL, headers=w.ah).json()["presets"] == []
    assert snapshot(db, TABLES) == before


def test_a_timer_starts_from_a_preset_as_from_any_body(api, w):
    """What the web app and the CLI do: POST /timer/start with the preset's fields."""
    p = create(w, notes="Daily standup", task_id=w.design, tags=["team"])
    body = {k: p[k] for k in ("notes", "project_id", "task_id")} | {"tags": p["tag_list"]}
    res = api.post("/api/v1/timer/start", json=body, headers=w.mh)
    assert res.status_code == 201, res.text
    started = res.json()["timer"]
    assert (started["notes"], started["task_id"], started["tag_list"], started["billable"]) == (
        "Daily standup", w.design, ["team"], True,  # billable: the project's
    )  # fmt: skip


def test_a_deleted_task_leaves_the_preset_without_it(api, w, db):
    made = create(w, task_id=w.design)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM tasks WHERE id = :t"), {"t": w.design})
    again = api.get(f"{URL}/{made['id']}", headers=w.mh).json()["preset"]
    assert (again["project_id"], again["task_id"], again["task"]) == (w.site, None, None)
