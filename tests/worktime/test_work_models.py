"""/api/v1/work-models and /api/v1/work-adjustments: targets over time, written by admins only."""

from __future__ import annotations

import pytest

from punchclock.audit.describe import sentence
from tests.audit.helpers import events
from tests.checks import assert_error, snapshot
from tests.team.helpers import make_team

MODELS = "/api/v1/work-models"
ADJUSTMENTS = "/api/v1/work-adjustments"
FULL = [28800, 28800, 28800, 28800, 28800, 0, 0]
PART = [28800, 28800, 28800, 28800, 21600, 0, 0]


@pytest.fixture
def people(api):
    names = {"root": "admin", "boss": "manager", "alice": "member", "bob": "member"}
    return {name: api.user(role, name=name) for name, role in names.items()}


@pytest.fixture
def ah(api, people):
    return api.headers(people["root"])


def _model(api, ah, user, **body):
    res = api.post(MODELS, params={"user_id": user.id}, json={"weekday_seconds": FULL, **body}, headers=ah)
    assert res.status_code == 201, res.text
    return res.json()["work_model"]


def test_models_form_a_history_by_valid_from(api, people, ah):
    alice = people["alice"]
    later = _model(api, ah, alice, valid_from="2026-07-01", weekday_seconds=PART, vacation_days=15)
    first = _model(api, ah, alice, valid_from="2026-01-01", holiday_calendar="DE-BY", vacation_days=30)
    assert first == {
        "id": first["id"], "user_id": alice.id, "valid_from": "2026-01-01", "weekday_seconds": FULL,
        "holiday_calendar": "DE-BY", "vacation_days": 30.0,
    }  # fmt: skip
    res = api.get(MODELS, headers=api.headers(alice))  # one's own, no user_id
    assert res.status_code == 200, res.text
    assert [m["valid_from"] for m in res.json()["work_models"]] == ["2026-01-01", "2026-07-01"]
    assert res.json()["work_models"][1] == later
    # Another day the same user already has: 409, on create and when moving a model there.
    body = {"valid_from": "2026-07-01", "weekday_seconds": FULL}
    assert_error(
        api.post(MODELS, params={"user_id": alice.id}, json=body, headers=ah), 409, "work_model_exists"
    )
    res = api.patch(f"{MODELS}/{first['id']}", json={"valid_from": "2026-07-01"}, headers=ah)
    assert_error(res, 409, "work_model_exists")
    # Bob may have a model on that day: the rule is per user.
    _model(api, ah, people["bob"], valid_from="2026-07-01")
    res = api.patch(
        f"{MODELS}/{later['id']}", json={"vacation_days": 14.5, "holiday_calendar": "DE-BE"}, headers=ah
    )
    assert res.status_code == 200, res.text
    changed = res.json()["work_model"]
    assert (changed["vacation_days"], changed["holiday_calendar"], changed["weekday_seconds"]) == (
        14.5,
        "DE-BE",
        PART,
    )
    res = api.patch(f"{MODELS}/{later['id']}", json={"holiday_calendar": None}, headers=ah)
    assert res.json()["work_model"]["holiday_calendar"] is None
    assert api.delete(f"{MODELS}/{first['id']}", headers=ah).json() == {"message": "Work model deleted"}
    assert_error(api.delete(f"{MODELS}/{first['id']}", headers=ah), 404, "not_found")
    res = api.get(MODELS, params={"user_id": alice.id}, headers=ah)
    assert [m["id"] for m in res.json()["work_models"]] == [later["id"]]
    # Every change is audited, against alice, by the admin.
    mine = [
        e for e in events(api.db) if e["action"].startswith("work_model.") and e["target_user_id"] == alice.id
    ]
    assert [e["action"] for e in mine] == ["work_model.created"] * 2 + ["work_model.updated"] * 2 + [
        "work_model.deleted"
    ]
    assert {e["actor_id"] for e in mine} == {people["root"].id}
    said = sentence("work_model.created", "root", "alice", mine[0]["detail"])
    assert said == "root gave alice a work model from 2026-07-01 (38.0 h a week)"


@pytest.mark.parametrize(
    "body",
    [
        {"weekday_seconds": FULL[:6]},
        {"weekday_seconds": [*FULL, 0]},
        {"weekday_seconds": [86401, 0, 0, 0, 0, 0, 0]},
        {"weekday_seconds": [-1, 0, 0, 0, 0, 0, 0]},
        {"weekday_seconds": [3600.5, 0, 0, 0, 0, 0, 0]},
        {"weekday_seconds": ["8h", 0, 0, 0, 0, 0, 0]},
        {"weekday_seconds": None},
        {"vacation_days": 0.3},
        {"vacation_days": -1},
        {"valid_from": "1900-01-01"},
        {"valid_from": "2026-02-30"},
        {"holiday_calendar": "XX-YY"},
        {"surprise": 1},
    ],
)
def test_bad_models_are_400(api, people, ah, db, body):
    before = snapshot(db, ("work_models",))
    data = {"valid_from": "2026-01-01", "weekday_seconds": FULL, **body}
    res = api.post(MODELS, params={"user_id": people["alice"].id}, json=data, headers=ah)
    assert_error(res, 400)
    assert snapshot(db, ("work_models",)) == before


@pytest.mark.parametrize("field", ["valid_from", "weekday_seconds", "vacation_days"])
def test_a_model_field_cannot_be_patched_to_null(api, people, ah, field):
    made = _model(api, ah, people["alice"], valid_from="2026-01-01")
    assert_error(api.patch(f"{MODELS}/{made['id']}", json={field: None}, headers=ah), 400)
    assert api.get(MODELS, params={"user_id": people["alice"].id}, headers=ah).json()["work_models"] == [made]


def test_a_model_needs_its_user(api, people, ah):
    body = {"valid_from": "2026-01-01", "weekday_seconds": FULL}
    assert_error(api.post(MODELS, json=body, headers=ah), 400)
    assert_error(api.post(MODELS, params={"user_id": 999}, json=body, headers=ah), 404, "not_found")
    assert_error(api.patch(f"{MODELS}/999", json={"vacation_days": 1}, headers=ah), 404, "not_found")


def test_others_targets_are_404_to_those_who_do_not_see_them(api, people, ah):
    alice, bob = people["alice"], people["bob"]
    _model(api, ah, alice, valid_from="2026-01-01")
    for url in (MODELS, ADJUSTMENTS):
        assert_error(api.get(url, params={"user_id": alice.id}, headers=api.headers(bob)), 404, "not_found")
        assert api.get(url, params={"user_id": alice.id}, headers=api.headers(alice)).status_code == 200
    boss = api.headers(people["boss"])
    # Without teams a manager sees everyone; a lead only their teams' members.
    assert len(api.get(MODELS, params={"user_id": alice.id}, headers=boss).json()["work_models"]) == 1
    make_team(api, ah, "Support", leads=(people["boss"],), members=(bob,))
    assert_error(api.get(MODELS, params={"user_id": alice.id}, headers=boss), 404, "not_found")
    assert api.get(MODELS, params={"user_id": bob.id}, headers=boss).status_code == 200
    assert_error(api.get(MODELS, params={"user_id": 999}, headers=ah), 404, "not_found")
    # Managers never write targets.
    body = {"valid_from": "2026-02-01", "weekday_seconds": FULL}
    res = api.post(MODELS, params={"user_id": bob.id}, json=body, headers=boss)
    assert_error(res, 403, "insufficient_scope")


def test_targets_before_the_lock_date_are_frozen(api, people, ah, db):
    alice = people["alice"]
    old = _model(api, ah, alice, valid_from="2025-06-01")
    adj = {"date": "2025-12-31", "kind": "carry_over", "balance_seconds": 7200, "reason": "Opening"}
    made = api.post(ADJUSTMENTS, params={"user_id": alice.id}, json=adj, headers=ah).json()["work_adjustment"]
    assert api.put("/api/v1/signoff", json={"lock_date": "2026-01-01"}, headers=ah).status_code == 200
    before = snapshot(db, ("work_models", "work_adjustments"))
    body = {"valid_from": "2025-12-01", "weekday_seconds": FULL}
    assert_error(api.post(MODELS, params={"user_id": alice.id}, json=body, headers=ah), 409, "period_locked")
    assert_error(
        api.patch(f"{MODELS}/{old['id']}", json={"vacation_days": 5}, headers=ah), 409, "period_locked"
    )
    assert_error(api.delete(f"{MODELS}/{old['id']}", headers=ah), 409, "period_locked")
    assert_error(
        api.post(ADJUSTMENTS, params={"user_id": alice.id}, json=adj, headers=ah), 409, "period_locked"
    )
    assert_error(api.delete(f"{ADJUSTMENTS}/{made['id']}", headers=ah), 409, "period_locked")
    assert snapshot(db, ("work_models", "work_adjustments")) == before
    # From the lock date on, targets change.
    _model(api, ah, alice, valid_from="2026-01-01")


def test_targets_in_signed_off_time_are_frozen(api, people, ah):
    alice = people["alice"]
    mine = api.headers(alice, ["write:time_entries"])
    res = api.post("/api/v1/timesheet-periods", json={"reference_date": "2026-01-14"}, headers=mine)
    assert res.status_code == 201, res.text
    period = res.json()["timesheet_period"]
    assert api.post(f"/api/v1/timesheet-periods/{period['id']}/submit", headers=mine).status_code == 200
    res = api.post(f"/api/v1/timesheet-periods/{period['id']}/approve", headers=ah)
    assert res.status_code == 200, res.text
    body = {"valid_from": period["period_start"], "weekday_seconds": FULL}
    res = api.post(MODELS, params={"user_id": alice.id}, json=body, headers=ah)
    assert_error(res, 409, "period_locked")
    # Bob's time is not signed off; nor is alice's after the period.
    assert api.post(MODELS, params={"user_id": people["bob"].id}, json=body, headers=ah).status_code == 201
    _model(api, ah, alice, valid_from="2026-03-02")


def test_adjustments(api, people, ah):
    alice = people["alice"]
    url = f"{ADJUSTMENTS}?user_id={alice.id}"
    body = {"date": "2026-01-01", "kind": "carry_over", "balance_seconds": 36000, "reason": " Opening "}
    res = api.post(url, json=body, headers=ah)
    assert res.status_code == 201, res.text
    made = res.json()["work_adjustment"]
    keys = ("user_id", "date", "kind", "balance_seconds", "vacation_days", "reason")
    assert {k: made[k] for k in keys} == {
        "user_id": alice.id, "date": "2026-01-01", "kind": "carry_over", "balance_seconds": 36000,
        "vacation_days": 0.0, "reason": "Opening",
    }  # fmt: skip
    assert made["created_by"] == people["root"].id
    vacation = {"date": "2026-03-01", "kind": "vacation", "vacation_days": -1.5, "reason": "Booked twice"}
    assert api.post(url, json=vacation, headers=ah).status_code == 201
    listed = api.get(ADJUSTMENTS, headers=api.headers(alice)).json()["work_adjustments"]
    assert [(a["date"], a["vacation_days"]) for a in listed] == [("2026-01-01", 0.0), ("2026-03-01", -1.5)]
    assert api.delete(f"{ADJUSTMENTS}/{made['id']}", headers=ah).status_code == 200
    assert_error(api.delete(f"{ADJUSTMENTS}/{made['id']}", headers=ah), 404, "not_found")
    logged = [e for e in events(api.db) if e["action"].startswith("work_adjustment.")]
    assert [e["action"] for e in logged] == ["work_adjustment.created"] * 2 + ["work_adjustment.deleted"]
    said = sentence(logged[1]["action"], "root", "alice", logged[1]["detail"])
    assert said == "root recorded alice's vacation on 2026-03-01 (vacation -1.5 days): Booked twice"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"balance_seconds": 0}, "nothing_to_adjust"),
        ({"kind": "bonus"}, None),
        ({"reason": "  "}, None),
        ({"reason": None}, None),
        ({"vacation_days": 0.25}, None),
        ({"balance_seconds": "1h"}, None),
        ({"date": "2026-1-1"}, None),
    ],
)
def test_bad_adjustments_are_400(api, people, ah, db, body, code):
    data = {"date": "2026-01-01", "kind": "correction", "balance_seconds": 60, "reason": "Fix", **body}
    res = api.post(ADJUSTMENTS, params={"user_id": people["alice"].id}, json=data, headers=ah)
    assert_error(res, 400, code)
    assert snapshot(db, ("work_adjustments",)) == {"work_adjustments": []}
