"""Bad input to create and update answers 400 with the error shape, and changes nothing at all."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES, entry, project, task

START, END = "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z"


@pytest.fixture
def w(api):
    """A member with one finished entry; projects (one archived) and a task made by a manager."""
    mh = api.headers(api.user("manager"))
    ns = SimpleNamespace(project=project(api, mh, "Open"), other=project(api, mh, "Other"))
    ns.other_task = task(api, mh, ns.other)
    ns.archived = project(api, mh, "Old")
    assert (
        api.patch(f"/api/v1/projects/{ns.archived}", json={"status": "archived"}, headers=mh).status_code
        == 200
    )
    ns.h = api.headers(api.user("member"))
    ns.entry = entry(api, ns.h, START, END, project_id=ns.project)["id"]
    return ns


def body(**fields):
    return {"start_time": START, "end_time": END, **fields}


BAD_CREATE = {
    "end before start": (lambda w: body(end_time="2024-01-15T08:00:00Z"), "end_before_start"),
    "end equals start": (lambda w: body(end_time=START), "end_before_start"),
    "end before start by offset": (lambda w: body(end_time="2024-01-15T10:30:00+02:00"), "end_before_start"),
    "year 1800": (lambda w: body(start_time="1800-01-01T09:00:00Z"), "validation_error"),
    "year 3000": (lambda w: body(end_time="3000-01-01T09:00:00Z"), "validation_error"),
    "before the epoch": (lambda w: body(start_time="1969-12-31T23:59:59Z"), "validation_error"),
    "nan": (lambda w: body(start_time="nan"), "validation_error"),
    "nan padded": (lambda w: body(start_time="nan-nan-nan"), "validation_error"),
    "empty": (lambda w: body(start_time=""), "validation_error"),
    "empty end": (lambda w: body(end_time=""), "validation_error"),
    "february 30": (lambda w: body(start_time="2024-02-30T09:00:00Z"), "validation_error"),
    "bad offset": (lambda w: body(start_time="2024-01-15T09:00:00+25:00"), "validation_error"),
    "too long": (lambda w: body(start_time="2024-01-15T09:00:00.000000000000000000000Z"), "validation_error"),
    "missing start": (lambda w: {"end_time": END}, "validation_error"),
    "notes too long": (lambda w: body(notes="x" * 10_001), "validation_error"),
    "notes with NUL": (lambda w: body(notes="a\x00b"), "validation_error"),
    "tag with space": (lambda w: body(tags="ok,not ok"), "validation_error"),
    "tag list with space": (lambda w: body(tags=["ok", "not ok"]), "validation_error"),
    "tag with NUL": (lambda w: body(tags=["a\x00b"]), "validation_error"),
    "21 tags": (lambda w: body(tags=[f"t{i}" for i in range(21)]), "validation_error"),
    "tag too long": (lambda w: body(tags="x" * 51), "validation_error"),
    "tags too long together": (
        lambda w: body(tags=[f"{i:02d}" + "x" * 48 for i in range(20)]),
        "validation_error",
    ),
    "tags not text": (lambda w: body(tags=[1, 2]), "validation_error"),
    "unknown project": (lambda w: body(project_id=999_999), "invalid_project"),
    "unknown task": (lambda w: body(task_id=999_999), "invalid_task"),
    "task of another project": (
        lambda w: body(project_id=w.project, task_id=w.other_task),
        "task_project_mismatch",
    ),
    "archived project": (lambda w: body(project_id=w.archived), "project_archived"),
    "unknown field": (lambda w: body(duration=3600), "validation_error"),
    "unknown field id": (lambda w: body(id=5), "validation_error"),
    "start not text": (lambda w: body(start_time=1705309200), "validation_error"),
    "billable not bool": (lambda w: body(billable="maybe"), "validation_error"),
    "project_id not int": (lambda w: body(project_id="abc"), "validation_error"),
    "project_id float": (lambda w: body(project_id=1.5), "validation_error"),
    "notes not text": (lambda w: body(notes=["x"]), "validation_error"),
    "body is a list": (lambda w: [body()], "validation_error"),
    "body is text": (lambda w: "start", "validation_error"),
    "project_id 0": (lambda w: body(project_id=0), "validation_error"),
    "project_id 2**31": (lambda w: body(project_id=2**31), "validation_error"),
    "task_id 2**63": (lambda w: body(task_id=2**63), "validation_error"),
    "user_id 10**30": (lambda w: body(user_id=10**30), "validation_error"),
}


@pytest.mark.parametrize("case", BAD_CREATE.values(), ids=BAD_CREATE.keys())
def test_bad_create_is_refused_and_changes_nothing(api, w, case):
    make, code = case
    before = snapshot(api.db)
    assert_error(api.post(ENTRIES, json=make(w), headers=w.h), 400, code)
    assert snapshot(api.db) == before


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"start_time": "2024-01-15T09:00:00Z",', "application/json"),
        (b"not json at all", "application/json"),
        (b'{"start_time": "2024-01-15T09:00:00Z"}', "text/plain"),
        (b"", "application/json"),
        (b"\xff\xfe", "application/json"),
    ],
)
def test_unreadable_bodies_are_refused(api, w, content, content_type):
    before = snapshot(api.db)
    res = api.post(ENTRIES, content=content, headers={**w.h, "Content-Type": content_type})
    assert_error(res, 400, "validation_error")
    assert snapshot(api.db) == before


BAD_UPDATE = {
    "end before start": (lambda w: {"end_time": "2024-01-15T08:00:00Z"}, "end_before_start"),
    "start after end": (lambda w: {"start_time": "2024-01-15T11:00:00Z"}, "end_before_start"),
    "year 3000": (lambda w: {"start_time": "3000-01-01T00:00:00Z"}, "validation_error"),
    "nan": (lambda w: {"end_time": "nan"}, "validation_error"),
    "notes too long": (lambda w: {"notes": "x" * 10_001}, "validation_error"),
    "bad tags": (lambda w: {"tags": "a b"}, "validation_error"),
    "unknown project": (lambda w: {"project_id": 999_999}, "invalid_project"),
    "archived project": (lambda w: {"project_id": w.archived}, "project_archived"),
    "task of another project": (lambda w: {"task_id": w.other_task}, "task_project_mismatch"),
    "unknown field": (lambda w: {"user_id": 1}, "validation_error"),
    "wrong type": (lambda w: {"billable": [True]}, "validation_error"),
    "restart a finished entry": (lambda w: {"end_time": None}, "cannot_restart"),
    "valid notes but bad end": (
        lambda w: {"notes": "new", "end_time": "1800-01-01T00:00:00Z"},
        "validation_error",
    ),
}


@pytest.mark.parametrize("case", BAD_UPDATE.values(), ids=BAD_UPDATE.keys())
def test_bad_update_is_refused_and_changes_nothing(api, w, case):
    make, code = case
    before = snapshot(api.db)
    for send in (api.put, api.patch):
        assert_error(send(f"{ENTRIES}/{w.entry}", json=make(w), headers=w.h), 400, code)
    assert snapshot(api.db) == before


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_malformed_ids_are_refused(api, w, method):
    before = snapshot(api.db)
    kw = {"json": {"notes": "x"}} if method == "patch" else {}
    for entry_id in ("0", "-1", "abc", "2147483648", "99999999999999999999"):
        res = getattr(api, method)(f"{ENTRIES}/{entry_id}", headers=w.h, **kw)
        assert_error(res, 400, "validation_error")
    assert snapshot(api.db) == before


def test_an_unknown_id_is_404(api, w):
    for res in (
        api.get(f"{ENTRIES}/2147483647", headers=w.h),
        api.put(f"{ENTRIES}/2147483647", json={"notes": "x"}, headers=w.h),
        api.delete(f"{ENTRIES}/2147483647", headers=w.h),
    ):
        assert_error(res, 404, "not_found")
