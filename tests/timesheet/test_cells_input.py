"""The timesheet cells' refusals: bad input is a clear 400 that changes nothing, someone else's
cell or entries are not the caller's to change."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot
from tests.entry.helpers import ENTRIES
from tests.timesheet.helpers import CELLS, DAY, UNDO, cell, put, spans, team


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"date": DAY, "seconds": 25 * 3600 + 1}, "validation_error"),
        ({"date": DAY, "seconds": -1}, "validation_error"),
        ({"date": DAY, "seconds": 1.5}, "validation_error"),
        ({"date": DAY, "seconds": "3600"}, "validation_error"),
        ({"date": "2024-01-15T09:00", "seconds": 60}, "validation_error"),
        ({"date": "1969-12-31", "seconds": 60}, "out_of_range"),
        ({"date": "9999-12-31", "seconds": 60}, "out_of_range"),
        ({"date": DAY, "seconds": 60, "project_id": 999}, "invalid_project"),
        ({"date": DAY, "seconds": 60, "task_id": 999}, "invalid_task"),
        ({"date": DAY, "seconds": 60, "notes": "x"}, "validation_error"),
        ({"seconds": 60}, "validation_error"),
    ],
)
def test_bad_input_is_a_400_that_changes_nothing(api, db, body, code):
    t = team(api)
    before = snapshot(db)
    assert_error(api.put(CELLS, json=body, headers=t.ah), 400, code)
    assert snapshot(db) == before


def test_a_task_of_another_project_is_refused(api, db):
    t = team(api)
    before = snapshot(db)
    assert_error(put(api, t.ah, 60, project_id=t.internal, task_id=t.design), 400, "task_project_mismatch")
    assert snapshot(db) == before


def test_a_member_may_not_set_another_users_cell_but_a_manager_may(api, db):
    t = team(api)
    bob = api.user("member", "bob")
    before = snapshot(db)
    assert_error(put(api, api.headers(bob), 3600, project_id=t.web, user_id=t.alice.id), 403, "access_denied")
    assert snapshot(db) == before
    out = cell(api, t.mh, 3600, project_id=t.web, user_id=t.alice.id)
    assert out["created"][0]["user_id"] == t.alice.id
    assert spans(api, t.ah) == [("09:00", "10:00", t.web, None)]
    assert_error(put(api, t.mh, 60, user_id=99999), 400, "invalid_user")


def test_nobody_undoes_someone_elses_change(api, db):
    t = team(api)
    bob = api.user("member", "bob")
    out = cell(api, t.ah, 3600, project_id=t.web)
    before = snapshot(db)
    assert_error(api.post(UNDO, json=out["undo"], headers=api.headers(bob)), 404, "not_found")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "step",
    [
        {"action": "revert"},  # without the times to go back to
        {"action": "rewind"},
        {"version": "soon"},
        {"id": 0},
    ],
)
def test_a_malformed_undo_is_a_400_that_changes_nothing(api, db, step):
    t = team(api)
    out = cell(api, t.ah, 3600, project_id=t.web)
    before = snapshot(db)
    body = {"steps": [{**out["undo"]["steps"][0], **step}]}
    assert_error(api.post(UNDO, json=body, headers=t.ah), 400)
    assert snapshot(db) == before
    assert_error(api.post(UNDO, json={"steps": []}, headers=t.ah), 400)


def test_an_undo_naming_an_entry_twice_is_refused(api, db):
    t = team(api)
    out = cell(api, t.ah, 3600, project_id=t.web)
    before = snapshot(db)
    steps = out["undo"]["steps"] * 2
    assert_error(api.post(UNDO, json={"steps": steps}, headers=t.ah), 400)
    assert snapshot(db) == before
    assert api.get(f"{ENTRIES}/{out['created'][0]['id']}", headers=t.ah).status_code == 200
