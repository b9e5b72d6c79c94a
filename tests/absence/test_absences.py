"""/api/v1/absences: the lifecycle, who decides, the overlap rule, the lock, events and audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from punchclock.audit.describe import sentence
from tests.absence.helpers import ABSENCES, absence, step, type_id
from tests.approval.helpers import OLD_MONDAY, approved_week, entry, period_of
from tests.audit.helpers import events
from tests.checks import assert_error, snapshot
from tests.team.helpers import make_team


@pytest.fixture
def people(api):
    names = {"root": "admin", "boss": "manager", "alice": "member", "bob": "member"}
    users = {name: api.user(role, name=name) for name, role in names.items()}
    return {name: (user, api.headers(user)) for name, user in users.items()}


def _made_in(api, people, state, day):
    """An absence of alice in ``state`` on ``day``."""
    _, ah = people["alice"]
    _, bh = people["boss"]
    made = absence(api, ah, day, submit=state != "draft")
    for action in {"approved": ["approve"], "rejected": ["reject"], "cancelled": ["approve", "cancel"]}.get(
        state, []
    ):
        assert step(api, bh, made["id"], action).status_code == 200
    return made


ALLOWED = {
    "draft": {"submit", "patch", "delete"},
    "submitted": {"withdraw", "approve", "reject", "delete"},
    "approved": {"cancel"},
    "rejected": {"delete"},
    "cancelled": {"delete"},
}
LANDS = {"submit": "submitted", "withdraw": "draft", "approve": "approved", "reject": "rejected",
         "cancel": "cancelled"}  # fmt: skip


@pytest.mark.parametrize("state", list(ALLOWED))
def test_the_lifecycle_matrix(api, db, people, state):
    _, ah = people["alice"]
    _, bh = people["boss"]
    for n, action in enumerate(["submit", "withdraw", "approve", "reject", "cancel", "patch", "delete"]):
        made = _made_in(api, people, state, f"2027-03-{n + 1:02d}")
        assert made["status"] == "draft" or state != "draft"
        url = f"{ABSENCES}/{made['id']}"
        who = bh if action in ("approve", "reject", "cancel") else ah
        before = snapshot(db, ("absences",))
        if action == "patch":
            res = api.patch(url, headers=who, json={"comment": "changed"})
        elif action == "delete":
            res = api.delete(url, headers=who)
        else:
            res = step(api, who, made["id"], action)
        if action not in ALLOWED[state]:
            assert_error(res, 400, "invalid_state")
            assert snapshot(db, ("absences",)) == before
            continue
        assert res.status_code == 200, (state, action, res.text)
        if action == "delete":
            assert_error(api.get(url, headers=ah), 404, "not_found")
        elif action == "patch":
            assert res.json()["absence"]["comment"] == "changed"
        else:
            assert res.json()["absence"]["status"] == LANDS[action]


def test_a_type_without_approval_is_approved_when_submitted(api, people):
    _, ah = people["alice"]
    sick = absence(api, ah, "2027-04-05", code="sick", comment=None)
    assert (sick["comment"], sick["username"]) == (None, "alice")
    assert (sick["status"], sick["decided_by"]) == ("approved", people["alice"][0].id)
    draft = absence(api, ah, "2027-04-06", code="sick", submit=False)
    assert step(api, ah, draft["id"], "submit").json()["absence"]["status"] == "approved"


def test_a_manager_records_an_absence_for_someone_approved_at_once(api, people):
    alice, ah = people["alice"]
    boss, bh = people["boss"]
    body = {"type_id": type_id(api, bh, "vacation"), "start_date": "2027-05-03", "end_date": "2027-05-07",
            "user_id": alice.id, "submit": False}  # fmt: skip
    res = api.post(ABSENCES, headers=bh, json=body)
    assert res.status_code == 201, res.text
    made = res.json()["absence"]
    assert (made["user_id"], made["status"], made["decided_by"], made["created_by"], made["days"]) == (
        alice.id, "approved", boss.id, boss.id, 5.0,
    )  # fmt: skip
    # A member cannot: someone else is not someone they see.
    assert_error(api.post(ABSENCES, headers=ah, json={**body, "user_id": boss.id}), 404, "not_found")


def test_live_absences_do_not_overlap_but_half_days_share_a_day(api, db, people):
    _, ah = people["alice"]
    first = absence(api, ah, "2027-06-07", "2027-06-09", end_half=True)
    before = snapshot(db, ("absences",))
    body = {"type_id": first["type_id"], "start_date": "2027-06-08", "end_date": "2027-06-08"}
    assert_error(api.post(ABSENCES, headers=ah, json=body), 409, "absence_overlap")
    assert snapshot(db, ("absences",)) == before
    # The afternoon of the 9th is free: a half day fits, a full day does not.
    longer = {**body, "start_date": "2027-06-09", "end_date": "2027-06-10"}
    assert_error(api.post(ABSENCES, headers=ah, json=longer), 409, "absence_overlap")
    half = absence(api, ah, "2027-06-09", "2027-06-10", start_half=True)
    assert half["days"] == 1.5
    # A draft overlaps anything; submitting it is refused; withdrawn ones free their days.
    draft = absence(api, ah, "2027-06-08", submit=False)
    assert_error(step(api, ah, draft["id"], "submit"), 409, "absence_overlap")
    assert step(api, ah, first["id"], "withdraw").status_code == 200
    assert step(api, ah, draft["id"], "submit").json()["absence"]["status"] == "submitted"
    # Bob's days are his own.
    absence(api, people["bob"][1], "2027-06-08")


def test_bad_absences_are_400_and_change_nothing(api, db, people):
    _, ah = people["alice"]
    vacation = type_id(api, ah, "vacation")
    before = snapshot(db, ("absences",))
    for body in (
        {"start_date": "2027-01-05", "end_date": "2027-01-04"},
        {"start_date": "2027-01-05", "end_date": "2027-01-05", "start_half": True, "end_half": True},
        {"start_date": "2027-01-05", "end_date": "2028-06-05"},
        {"start_date": "1900-01-01", "end_date": "1900-01-01"},
        {"start_date": "2027-02-30", "end_date": "2027-03-01"},
        {"start_date": "2027-01-05", "end_date": "2027-01-05", "type_id": 999},
        {"start_date": "2027-01-05", "end_date": "2027-01-05", "surprise": 1},
    ):
        assert_error(api.post(ABSENCES, headers=ah, json={"type_id": vacation, **body}), 400)
    assert snapshot(db, ("absences",)) == before


def test_deciders_are_the_sign_offs(api, db, people):
    alice, ah = people["alice"]
    boss, bh = people["boss"]
    bob, bobh = people["bob"]
    _, rh = people["root"]
    own = absence(api, bh, "2027-07-05")
    assert_error(step(api, bh, own["id"], "approve"), 403, "own_request")
    assert step(api, rh, own["id"], "approve").status_code == 200
    mine = absence(api, ah, "2027-07-06")
    assert_error(step(api, ah, mine["id"], "approve"), 403, "own_request")
    assert_error(step(api, bobh, mine["id"], "approve"), 404, "not_found")
    assert_error(api.get(f"{ABSENCES}/{mine['id']}", headers=bobh), 404, "not_found")
    # A lead of a team without alice does not see her: 404, as if it did not exist.
    make_team(api, rh, "Support", leads=(boss,), members=(bob,))
    before = snapshot(db, ("absences",))
    assert_error(step(api, bh, mine["id"], "approve"), 404, "not_found")
    assert_error(api.delete(f"{ABSENCES}/{mine['id']}", headers=bh), 404, "not_found")
    assert snapshot(db, ("absences",)) == before
    listed = api.get(ABSENCES, headers=bh).json()["absences"]
    assert {a["user_id"] for a in listed} <= {boss.id, bob.id}
    assert_error(api.get(ABSENCES, params={"user_id": alice.id}, headers=bh), 403, "access_denied")
    theirs = absence(api, bobh, "2027-07-07")
    assert step(api, bh, theirs["id"], "reject", comment="Busy week").json()["absence"]["review_comment"] == (
        "Busy week"
    )


def test_locked_days_are_409(api, db, people):
    alice, ah = people["alice"]
    _, bh = people["boss"]
    _, rh = people["root"]
    day = OLD_MONDAY.isoformat()
    approved_week(api, ah, bh)
    before = snapshot(db, ("absences",))
    body = {"type_id": type_id(api, ah, "vacation"), "start_date": day, "end_date": day}
    assert_error(api.post(ABSENCES, headers=ah, json=body), 409, "period_locked")
    assert_error(api.post(ABSENCES, headers=bh, json={**body, "user_id": alice.id}), 409, "period_locked")
    assert snapshot(db, ("absences",)) == before
    # The lock date freezes everyone's days before it, drafts too.
    early = OLD_MONDAY - timedelta(days=60)
    later = absence(api, ah, early.isoformat(), submit=False)
    lock = {"lock_date": (early + timedelta(days=1)).isoformat()}
    assert api.put("/api/v1/signoff", json=lock, headers=rh).status_code == 200
    assert_error(step(api, ah, later["id"], "submit"), 409, "period_locked")
    assert_error(api.delete(f"{ABSENCES}/{later['id']}", headers=ah), 409, "period_locked")
    moved = (early + timedelta(days=2)).isoformat()
    res = api.patch(f"{ABSENCES}/{later['id']}", headers=ah, json={"start_date": moved, "end_date": moved})
    assert_error(res, 409, "period_locked")
    assert snapshot(db, ("absences",)) != before  # (the draft made before the lock date is there)


def test_a_period_holding_a_pending_absence_is_not_approved(api, people):
    _, ah = people["alice"]
    _, bh = people["boss"]
    entry(api, ah, OLD_MONDAY)
    waiting = absence(api, ah, OLD_MONDAY.isoformat(), submit=False)
    period = period_of(api, ah, OLD_MONDAY)
    assert api.post(f"/api/v1/timesheet-periods/{period['id']}/submit", headers=ah).status_code == 200
    assert step(api, ah, waiting["id"], "submit").status_code == 200
    res = api.post(f"/api/v1/timesheet-periods/{period['id']}/approve", headers=bh)
    assert_error(res, 409, "absence_pending")
    bulk = api.post("/api/v1/timesheet-periods/bulk-approve", headers=bh, json={"period_ids": [period["id"]]})
    assert bulk.json()["results"][0]["code"] == "absence_pending"
    assert step(api, bh, waiting["id"], "approve").status_code == 200
    assert api.post(f"/api/v1/timesheet-periods/{period['id']}/approve", headers=bh).status_code == 200
    # Now the absence lies in approved time: cancelling it is refused.
    assert_error(step(api, bh, waiting["id"], "cancel"), 409, "period_locked")


def _deliveries(db):
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT event FROM webhook_deliveries ORDER BY id"))]


def test_every_step_is_announced_and_audited(api, db, people):
    alice, ah = people["alice"]
    boss, bh = people["boss"]
    hook = {"url": "https://hooks.invalid/punchclock", "events": ["absence.*"]}
    assert api.post("/api/v1/webhooks", headers=ah, json=hook).status_code == 201
    made = absence(api, ah, "2027-08-02", "2027-08-06", submit=False, comment="Summer")
    api.patch(f"{ABSENCES}/{made['id']}", headers=ah, json={"end_date": "2027-08-05"})
    for who, action in ((ah, "submit"), (ah, "withdraw"), (ah, "submit"), (bh, "approve"), (bh, "cancel")):
        assert step(api, who, made["id"], action).status_code == 200
    other = absence(api, ah, "2027-08-09")
    assert step(api, bh, other["id"], "reject", comment="No").status_code == 200
    third = absence(api, ah, "2027-08-10")
    assert api.delete(f"{ABSENCES}/{third['id']}", headers=ah).status_code == 200
    assert _deliveries(db) == [
        "absence.submitted", "absence.withdrawn", "absence.submitted", "absence.approved",
        "absence.cancelled", "absence.submitted", "absence.rejected", "absence.submitted", "absence.deleted",
    ]  # fmt: skip
    mine = [e for e in events(db) if e["action"].startswith("absence.")]
    assert [e["action"] for e in mine] == [
        "absence.created", "absence.updated", "absence.submitted", "absence.withdrawn", "absence.submitted",
        "absence.approved", "absence.cancelled", "absence.created", "absence.rejected", "absence.created",
        "absence.deleted",
    ]  # fmt: skip
    assert {e["target_user_id"] for e in mine} == {alice.id}
    assert [e["actor_id"] for e in mine][5:7] == [boss.id, boss.id]
    said = [
        sentence(e["action"], "boss" if e["actor_id"] == boss.id else "alice", "alice", e["detail"])
        for e in mine
    ]
    assert said[0] == "alice recorded alice's vacation 2027-08-02 to 2027-08-06, now draft: Summer"
    assert said[5] == "boss approved alice's vacation 2027-08-02 to 2027-08-05"
    assert said[8] == "boss rejected alice's vacation 2027-08-09: No"


def test_absence_types_admins_write_and_a_used_one_stays(api, db, people):
    _, ah = people["alice"]
    _, rh = people["root"]
    seeded = api.get("/api/v1/absence-types", headers=ah).json()["absence_types"]
    assert {(t["code"], t["effect"], t["uses_allowance"], t["needs_approval"]) for t in seeded} == {
        ("vacation", "worked", True, True), ("sick", "worked", False, False),
        ("parental", "excused", False, True), ("overtime", "balance", False, True),
        ("other", "worked", False, True),
    }  # fmt: skip
    body = {"name": "Training", "code": "training", "effect": "worked", "color": "#123456"}
    assert_error(api.post("/api/v1/absence-types", headers=ah, json=body), 403, "insufficient_scope")
    res = api.post("/api/v1/absence-types", headers=rh, json=body)
    assert res.status_code == 201, res.text
    made = res.json()["absence_type"]
    assert_error(api.post("/api/v1/absence-types", headers=rh, json=body), 409, "absence_type_exists")
    assert_error(
        api.post("/api/v1/absence-types", headers=rh, json={**body, "code": "x", "effect": "paid"}), 400
    )
    res = api.patch(f"/api/v1/absence-types/{made['id']}", headers=rh, json={"enabled": False})
    assert res.json()["absence_type"]["enabled"] is False
    # A disabled type takes no new absences; an enabled one in use cannot be deleted.
    body = {"type_id": made["id"], "start_date": "2027-09-06", "end_date": "2027-09-06"}
    assert_error(api.post(ABSENCES, headers=ah, json=body), 400, "invalid_type")
    used = absence(api, ah, "2027-09-06", code="other")
    assert_error(api.delete(f"/api/v1/absence-types/{used['type_id']}", headers=rh), 409, "in_use")
    assert api.delete(f"/api/v1/absence-types/{made['id']}", headers=rh).status_code == 200
    assert_error(api.delete(f"/api/v1/absence-types/{made['id']}", headers=rh), 404, "not_found")
    actions = [e["action"] for e in events(db) if e["action"].startswith("absence_type.")]
    assert actions == ["absence_type.created", "absence_type.updated", "absence_type.deleted"]
    assert sentence(
        "absence_type.created", "root", None, events(db, "absence_type.created")[0]["detail"]
    ) == ("root added the absence type 'Training' (worked)")


def test_the_calendar_shows_spans_and_holidays_of_those_one_sees(api, people):
    alice, ah = people["alice"]
    boss, bh = people["boss"]
    bob, bobh = people["bob"]
    _, rh = people["root"]
    absence(api, ah, "2027-10-04", "2027-10-08")
    absence(api, bobh, "2027-10-06", submit=False)  # a draft: not shown
    assert (
        api.post(
            "/api/v1/holidays/company", headers=rh, json={"date": "2027-10-01", "name": "Jubilee"}
        ).status_code
        == 201
    )
    api.put("/api/v1/worktime/settings", headers=rh, json={"holiday_calendar": "DE-BY"})
    params = {"start_date": "2027-10-01", "end_date": "2027-10-31"}
    found = api.get(f"{ABSENCES}/calendar", params=params, headers=bh).json()
    assert {u["username"]: u["calendar"] for u in found["users"]} == {
        "alice": "DE-BY", "bob": "DE-BY", "boss": "DE-BY", "root": "DE-BY",
    }  # fmt: skip
    assert [(a["user_id"], a["start_date"], a["end_date"], a["status"]) for a in found["absences"]] == [
        (alice.id, "2027-10-04", "2027-10-08", "submitted")
    ]
    assert {h["date"]: h["name"] for h in found["holidays"]["DE-BY"]}["2027-10-01"] == "Jubilee"
    assert "2027-10-03" in {h["date"] for h in found["holidays"]["DE-BY"]}  # German Unity Day
    mine = api.get(f"{ABSENCES}/calendar", params=params, headers=bobh).json()
    assert [u["id"] for u in mine["users"]] == [bob.id]
    assert mine["absences"] == []
    team = make_team(api, rh, "Support", leads=(boss,), members=(bob,))
    led = api.get(f"{ABSENCES}/calendar", params={**params, "team_id": team}, headers=bh).json()
    assert {u["id"] for u in led["users"]} == {boss.id, bob.id}
    assert_error(
        api.get(f"{ABSENCES}/calendar", params={**params, "end_date": "2029-01-01"}, headers=bh), 400
    )
