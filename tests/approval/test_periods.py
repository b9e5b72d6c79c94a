"""Timesheet periods: making, submitting, approving, rejecting, closing, reopening, deleting, in
TimeTracker's shapes, with who may do what."""

from __future__ import annotations

from datetime import timedelta

from tests.approval.helpers import OLD_MONDAY, TODAY, approved_week, entry, people, period_of
from tests.conftest import Api

BASE = "/api/v1/timesheet-periods"


def test_a_week_period_spans_the_users_week_and_is_made_once(api: Api) -> None:
    member, mh, *_ = people(api)
    first = period_of(api, mh, OLD_MONDAY + timedelta(days=3))
    again = period_of(api, mh, OLD_MONDAY)
    assert first["id"] == again["id"]
    assert first["period_type"] == "weekly"
    assert first["period_start"] == OLD_MONDAY.isoformat()
    assert first["period_end"] == (OLD_MONDAY + timedelta(days=6)).isoformat()
    assert first["status"] == "draft"
    assert first["is_locked"] is False
    assert first["user_id"] == member.id


def test_listing_makes_the_current_and_previous_period(api: Api) -> None:
    _, mh, *_ = people(api)
    res = api.get(BASE, headers=mh)
    assert res.status_code == 200
    found = res.json()["timesheet_periods"]
    monday = TODAY - timedelta(days=TODAY.weekday())
    assert [p["period_start"] for p in found] == [
        monday.isoformat(),
        (monday - timedelta(days=7)).isoformat(),
    ]
    assert len(api.get(BASE, headers=mh).json()["timesheet_periods"]) == 2  # not made twice


def test_monthly_periods_follow_the_workspace_setting(api: Api) -> None:
    _, mh, _, _, _, ah = people(api)
    res = api.put("/api/v1/signoff", headers=ah, json={"period_type": "monthly"})
    assert res.status_code == 200
    assert res.json()["period_type"] == "monthly"
    period = period_of(api, mh, OLD_MONDAY)
    assert period["period_type"] == "monthly"
    assert period["period_start"] == OLD_MONDAY.replace(day=1).isoformat()


def test_submit_approve_and_the_members_view(api: Api) -> None:
    member, mh, manager, bh, *_ = people(api)
    entry(api, mh, OLD_MONDAY, 9, 12)
    entry(api, mh, OLD_MONDAY + timedelta(days=1), 13, 14)
    period = approved_week(api, mh, bh)
    assert period["status"] == "approved"
    assert period["is_locked"] is True
    assert period["approved_by"] == manager.id
    assert period["approval_comment"] == "ok"
    detail = api.get(f"{BASE}/{period['id']}", headers=mh).json()["timesheet_period"]
    assert detail["username"] == member.username
    assert detail["totals"]["seconds"] == 4 * 3600
    assert detail["totals"]["by_day"][0] == {"date": OLD_MONDAY.isoformat(), "seconds": 3 * 3600}
    assert len(detail["totals"]["by_day"]) == 7


def test_reject_needs_a_reason_and_the_member_sees_it(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    period = period_of(api, mh, OLD_MONDAY)
    api.post(f"{BASE}/{period['id']}/submit", headers=mh)
    res = api.post(f"{BASE}/{period['id']}/reject", headers=bh, json={})
    assert res.status_code == 400
    assert res.json()["field"] == "reason"
    res = api.post(f"{BASE}/{period['id']}/reject", headers=bh, json={"reason": "Friday is missing"})
    assert res.status_code == 200
    mine = api.get(f"{BASE}/{period['id']}", headers=mh).json()["timesheet_period"]
    assert mine["status"] == "rejected"
    assert mine["rejection_reason"] == "Friday is missing"
    # Rejected: the member fixes and submits again.
    assert (
        api.post(f"{BASE}/{period['id']}/submit", headers=mh).json()["timesheet_period"]["status"]
        == "submitted"
    )


def test_who_may_decide(api: Api) -> None:
    member, mh, manager, bh, admin, ah = people(api)
    other = api.user("member")
    oh = api.headers(other)
    period = period_of(api, mh, OLD_MONDAY)
    pid = period["id"]
    # Only the owner submits; another member does not even see it.
    assert api.post(f"{BASE}/{pid}/submit", headers=oh).status_code == 404
    assert api.post(f"{BASE}/{pid}/submit", headers=bh).status_code == 403
    # Approving a draft: not in a state to be approved.
    assert api.post(f"{BASE}/{pid}/approve", headers=bh).json()["code"] == "invalid_state"
    assert api.post(f"{BASE}/{pid}/submit", headers=mh).status_code == 200
    # The member cannot approve their own; another member sees nothing.
    res = api.post(f"{BASE}/{pid}/approve", headers=mh)
    assert res.status_code == 403
    assert res.json()["code"] == "own_period"
    assert api.post(f"{BASE}/{pid}/approve", headers=oh).status_code == 404
    # A manager's own period is not theirs to approve either.
    own = period_of(api, bh, OLD_MONDAY)
    api.post(f"{BASE}/{own['id']}/submit", headers=bh)
    assert api.post(f"{BASE}/{own['id']}/approve", headers=bh).json()["code"] == "own_period"
    assert api.post(f"{BASE}/{own['id']}/approve", headers=ah).status_code == 200
    # Close and reopen: admins only.
    assert api.post(f"{BASE}/{pid}/close", headers=bh).status_code == 403
    assert api.post(f"{BASE}/{pid}/approve", headers=bh).status_code == 200
    assert api.post(f"{BASE}/{pid}/reopen", headers=bh, json={"reason": "x"}).status_code == 403
    res = api.post(f"{BASE}/{pid}/reopen", headers=ah, json={})
    assert res.status_code == 400
    res = api.post(f"{BASE}/{pid}/reopen", headers=ah, json={"reason": "Wrong project on Tuesday"})
    assert res.status_code == 200
    reopened = res.json()["timesheet_period"]
    assert reopened["status"] == "draft"
    assert reopened["reopen_reason"] == "Wrong project on Tuesday"
    assert reopened["reopened_by"] == admin.id
    assert (
        api.post(f"{BASE}/{pid}/close", headers=ah, json={"reason": "payroll"}).json()["timesheet_period"][
            "status"
        ]
        == "closed"
    )
    # Closing again changes nothing.
    assert api.post(f"{BASE}/{pid}/close", headers=ah).status_code == 200
    _ = member, manager


def test_delete_only_drafts_and_rejected(api: Api) -> None:
    _, mh, _, bh, _, ah = people(api)
    period = period_of(api, mh, OLD_MONDAY)
    api.post(f"{BASE}/{period['id']}/submit", headers=mh)
    res = api.delete(f"{BASE}/{period['id']}", headers=mh)
    assert res.status_code == 400
    assert res.json()["code"] == "invalid_state"
    assert (
        api.post(f"{BASE}/{period['id']}/withdraw", headers=mh).json()["timesheet_period"]["status"]
        == "draft"
    )
    assert api.delete(f"{BASE}/{period['id']}", headers=bh).status_code == 403
    res = api.delete(f"{BASE}/{period['id']}", headers=mh)
    assert res.status_code == 200
    assert res.json() == {"message": "Timesheet period deleted"}
    assert api.get(f"{BASE}/{period['id']}", headers=ah).status_code == 404


def test_lists_show_each_their_own_and_filter(api: Api) -> None:
    member, mh, _, bh, _, ah = people(api)
    other = api.user("member")
    period_of(api, mh, OLD_MONDAY)
    period_of(api, api.headers(other), OLD_MONDAY)
    mine = api.get(BASE, headers=mh).json()["timesheet_periods"]
    assert {p["user_id"] for p in mine} == {member.id}
    assert api.get(f"{BASE}?user_id={other.id}", headers=mh).status_code == 403
    everyone = api.get(f"{BASE}?start_date={OLD_MONDAY}&end_date={OLD_MONDAY}", headers=bh).json()
    assert {p["user_id"] for p in everyone["timesheet_periods"]} == {member.id, other.id}
    assert api.get(f"{BASE}?status=nonsense", headers=ah).status_code == 400
    drafts = api.get(f"{BASE}?status=draft&user_id={other.id}", headers=ah).json()["timesheet_periods"]
    assert [p["user_id"] for p in drafts] == [other.id]


def test_submit_and_approve_refuse_a_running_timer_inside(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    assert api.post("/api/v1/timer/start", headers=mh, json={}).status_code in (200, 201)
    current = api.get("/api/v1/timesheet-periods", headers=mh).json()["timesheet_periods"][0]
    res = api.post(f"{BASE}/{current['id']}/submit", headers=mh)
    assert res.status_code == 409
    assert res.json()["code"] == "timer_running"
    api.post("/api/v1/timer/stop", headers=mh)
    assert api.post(f"{BASE}/{current['id']}/submit", headers=mh).status_code == 200
    api.post("/api/v1/timer/start", headers=mh, json={})
    res = api.post(f"{BASE}/{current['id']}/approve", headers=bh)
    assert res.status_code == 409
    assert res.json()["code"] == "timer_running"


def test_bulk_approve_answers_for_each(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    other = api.user("member")
    oh = api.headers(other)
    a = period_of(api, mh, OLD_MONDAY)
    b = period_of(api, oh, OLD_MONDAY)
    api.post(f"{BASE}/{a['id']}/submit", headers=mh)
    res = api.post(f"{BASE}/bulk-approve", headers=bh, json={"period_ids": [a["id"], b["id"], 999999]})
    assert res.status_code == 200
    body = res.json()
    assert body["message"] == "Approved 1 of 3 periods"
    results = {r["period_id"]: r for r in body["results"]}
    assert results[a["id"]]["success"] is True
    assert results[b["id"]]["code"] == "invalid_state"
    assert results[999999]["success"] is False


def test_time_entry_approvals_view_the_period_queue(api: Api) -> None:
    member, mh, manager, bh, *_ = people(api)
    period = period_of(api, mh, OLD_MONDAY)
    assert api.get("/api/v1/time-entry-approvals", headers=bh).json() == {"approvals": []}
    api.post(f"{BASE}/{period['id']}/submit", headers=mh)
    queue = api.get("/api/v1/time-entry-approvals", headers=bh).json()["approvals"]
    assert [(a["id"], a["status"], a["time_entry_id"], a["requested_by"]) for a in queue] == [
        (period["id"], "pending", None, member.id)
    ]
    assert api.get("/api/v1/time-entry-approvals", headers=mh).json() == {"approvals": []}
    res = api.post(
        f"/api/v1/time-entry-approvals/{period['id']}/reject", headers=bh, json={"reason": "Rejected"}
    )
    assert res.status_code == 200
    assert res.json()["approval"]["status"] == "rejected"
    res = api.post(
        f"/api/v1/time-entry-approvals/{period['id']}/approve", headers=bh, json={"comment": "fine"}
    )
    body = res.json()
    assert body["success"] is True
    assert body["approval"]["status"] == "approved"
    assert body["approval"]["approved_by"] == manager.id
    assert (
        api.get(f"/api/v1/time-entry-approvals/{period['id']}", headers=mh).json()["approval"]["status"]
        == "approved"
    )


def test_period_events_reach_the_owner(api: Api) -> None:
    from punchclock.event.schemas import EVENT_SCOPES

    for name in ("submitted", "withdrawn", "approved", "rejected", "closed", "reopened"):
        assert EVENT_SCOPES[f"period.{name}"] == "read:time_entries"
    _, mh, _, _bh, *_ = people(api)
    hook = api.post(
        "/api/v1/webhooks",
        headers=mh,
        json={"url": "https://example.com/hook", "events": ["period.*"]},
    )
    assert hook.status_code == 201, hook.text


def test_startup_tells_the_web_app_what_is_locked(api: Api) -> None:
    member, mh, _, bh, _, ah = people(api)
    period = approved_week(api, mh, bh)
    api.put("/api/v1/signoff", headers=ah, json={"lock_date": OLD_MONDAY.isoformat()})
    part = api.get("/api/v1/startup", headers=mh).json()["signoff"]
    assert part["lock_date"] == OLD_MONDAY.isoformat()
    assert part["locked_before"] == f"{OLD_MONDAY.isoformat()}T00:00:00Z"
    assert part["period_type"] == "weekly"
    mine = {p["id"]: p for p in part["periods"]}
    assert mine[period["id"]]["status"] == "approved"
    assert mine[period["id"]]["is_locked"] is True
    assert mine[period["id"]]["start"] == f"{OLD_MONDAY.isoformat()}T00:00:00Z"
    assert member.id == period["user_id"]


def test_reports_and_exports_filter_by_approval(api: Api) -> None:
    _, mh, _, bh, *_ = people(api)
    entry(api, mh, OLD_MONDAY, 9, 11)  # in the week about to be approved
    entry(api, mh, OLD_MONDAY + timedelta(days=7), 9, 10)  # the week after: open
    approved_week(api, mh, bh)
    span = f"start_date={OLD_MONDAY}&end_date={OLD_MONDAY + timedelta(days=8)}"
    seconds = {}
    for state in ("approved", "open", ""):
        url = f"/api/v1/reports/grouped?{span}&group_by=project" + (f"&approval={state}" if state else "")
        res = api.get(url, headers=mh)
        assert res.status_code == 200, res.text
        seconds[state] = res.json()["report"]["totals"]["seconds"]
    assert seconds == {"approved": 7200, "open": 3600, "": 10800}
    assert api.get(f"/api/v1/reports/grouped?{span}&approval=maybe", headers=mh).status_code == 400
    res = api.get(f"/api/v1/exports/time-entries?format=json&{span}&approval=approved", headers=mh)
    assert res.status_code == 200, res.text
    assert [e["duration_seconds"] for e in res.json()["time_entries"]] == [7200]
    saved = {"name": "Payroll", "filters": {"period": "last-month", "approval": "approved"}}
    res = api.post("/api/v1/saved-reports", headers=mh, json=saved)
    assert res.status_code == 201, res.text
    assert res.json()["saved_report"]["filters"]["approval"] == "approved"
