"""/api/v1/time-off: TimeTracker's leave API in its shapes (its desktop and mobile apps), over absences."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.absence.helpers import model, type_id
from tests.checks import assert_error, snapshot

V1 = "/api/v1/time-off"
YEAR = datetime.now(UTC).year
# The first Monday of February this year: a working week, in the past or the future.
MONDAY = date(YEAR, 2, 1) + timedelta(days=-date(YEAR, 2, 1).weekday() % 7)
REQUEST_KEYS = {
    "id", "user_id", "leave_type_id", "leave_type", "leave_type_name", "start_date", "end_date",
    "start_half_day", "end_half_day", "requested_hours", "status", "requested_comment", "review_comment",
    "submitted_at", "reviewed_at", "reviewed_by", "created_at", "updated_at",
}  # fmt: skip


@pytest.fixture
def people(api):
    names = {"root": "admin", "boss": "manager", "alice": "member"}
    users = {name: api.user(role, name=name) for name, role in names.items()}
    model(api, api.headers(users["root"]), users["alice"], f"{YEAR}-01-01", vacation_days=30)
    return {name: (user, api.headers(user)) for name, user in users.items()}


def _request(api, headers, start, end=None, code="vacation", **extra):
    body = {"leave_type_id": type_id(api, headers, code), "start_date": start.isoformat(),
            "end_date": (end or start).isoformat(), **extra}  # fmt: skip
    res = api.post(f"{V1}/requests", headers=headers, json=body)
    assert res.status_code == 201, res.text
    assert set(res.json()) == {"message", "time_off_request"}
    return res.json()["time_off_request"]


def test_leave_types(api, people):
    _, ah = people["alice"]
    _, rh = people["root"]
    found = api.get(f"{V1}/leave-types", headers=ah).json()
    assert set(found) == {"leave_types"}
    by_code = {t["code"]: t for t in found["leave_types"]}
    assert set(by_code["vacation"]) == {"id", "name", "code", "is_paid", "annual_allowance_hours",
                                        "accrual_hours_per_month", "enabled"}  # fmt: skip
    assert by_code["vacation"]["annual_allowance_hours"] == 240.0  # 30 days of 8 h
    assert (by_code["sick"]["annual_allowance_hours"], by_code["parental"]["is_paid"]) == (None, False)
    assert by_code["sick"]["is_paid"] is True
    res = api.patch(f"/api/v1/absence-types/{by_code['other']['id']}", headers=rh, json={"enabled": False})
    assert res.status_code == 200
    assert "other" not in {t["code"] for t in api.get(f"{V1}/leave-types", headers=ah).json()["leave_types"]}
    every = api.get(f"{V1}/leave-types", params={"enabled_only": "false"}, headers=ah).json()["leave_types"]
    assert {t["code"]: t["enabled"] for t in every}["other"] is False


def test_requests_are_made_listed_decided_and_deleted(api, db, people):
    alice, ah = people["alice"]
    boss, bh = people["boss"]
    week = _request(api, ah, MONDAY, MONDAY + timedelta(days=6), requested_hours=1, comment="Skiing")
    assert set(week) == REQUEST_KEYS
    assert (week["leave_type"], week["leave_type_name"], week["status"], week["user_id"]) == (
        "Vacation", "Vacation", "submitted", alice.id,
    )  # fmt: skip
    assert (week["requested_hours"], week["requested_comment"], week["reviewed_by"]) == (40.0, "Skiing", None)
    half = _request(api, ah, MONDAY + timedelta(days=14), start_half_day=True, submit=False)
    assert (half["status"], half["requested_hours"], half["start_half_day"]) == ("draft", 4.0, True)
    listed = api.get(f"{V1}/requests", headers=ah).json()
    assert set(listed) == {"time_off_requests"}
    assert [r["id"] for r in listed["time_off_requests"]] == [half["id"], week["id"]]  # newest start first
    params = {
        "start_date": (MONDAY + timedelta(days=6)).isoformat(),
        "end_date": (MONDAY + timedelta(days=8)).isoformat(),
    }
    assert [
        r["id"] for r in api.get(f"{V1}/requests", params=params, headers=ah).json()["time_off_requests"]
    ] == [week["id"]]
    drafts = api.get(f"{V1}/requests", params={"status": "draft"}, headers=ah).json()["time_off_requests"]
    assert [r["id"] for r in drafts] == [half["id"]]
    # Deciding: never one's own (403), a manager who sees the owner (200), once (400).
    assert_error(api.post(f"{V1}/requests/{week['id']}/approve", headers=ah, json={}), 403, "own_request")
    res = api.post(f"{V1}/requests/{week['id']}/approve", headers=bh, json={"comment": "Enjoy"})
    assert res.status_code == 200, res.text
    assert set(res.json()) == {"message", "time_off_request"}
    done = res.json()["time_off_request"]
    assert (done["status"], done["reviewed_by"], done["review_comment"]) == ("approved", boss.id, "Enjoy")
    assert done["reviewed_at"] is not None
    assert_error(api.post(f"{V1}/requests/{week['id']}/reject", headers=bh), 400, "invalid_state")
    assert_error(api.post(f"{V1}/requests/{half['id']}/approve", headers=bh), 400, "invalid_state")
    assert_error(api.post(f"{V1}/requests/999/approve", headers=bh), 404, "not_found")
    # Deleting: anything not approved.
    before = snapshot(db, ("absences",))
    assert_error(api.delete(f"{V1}/requests/{week['id']}", headers=ah), 400, "invalid_state")
    assert snapshot(db, ("absences",)) == before
    assert api.delete(f"{V1}/requests/{half['id']}", headers=ah).json() == {
        "message": "Time-off request deleted"
    }
    rejected = _request(api, ah, MONDAY + timedelta(days=21))
    res = api.post(f"{V1}/requests/{rejected['id']}/reject", headers=bh, json={"comment": "Busy"})
    assert res.json()["time_off_request"]["status"] == "rejected"
    # A manager lists everyone they see; filtering by a user.
    mine = api.get(f"{V1}/requests", params={"user_id": alice.id}, headers=bh).json()["time_off_requests"]
    assert {r["id"] for r in mine} == {week["id"], rejected["id"]}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"leave_type_id": 999, "start_date": "2027-01-04", "end_date": "2027-01-04"},
        {"leave_type_id": "<vacation>", "start_date": "2027-01-05", "end_date": "2027-01-04"},
        {"leave_type_id": "<vacation>", "start_date": "2027-01-04"},
        {"leave_type_id": "<vacation>", "start_date": "soon", "end_date": "2027-01-04"},
        {
            "leave_type_id": "<vacation>",
            "start_date": "2027-01-04",
            "end_date": "2027-01-04",
            "requested_hours": "x",
        },
    ],
)
def test_bad_requests_are_400(api, db, people, body):
    _, ah = people["alice"]
    if body.get("leave_type_id") == "<vacation>":
        body = {**body, "leave_type_id": type_id(api, ah, "vacation")}
    before = snapshot(db, ("absences",))
    assert_error(api.post(f"{V1}/requests", headers=ah, json=body), 400)
    assert snapshot(db, ("absences",)) == before


def test_an_overlapping_request_is_409(api, people):
    _, ah = people["alice"]
    _request(api, ah, MONDAY)
    body = {
        "leave_type_id": type_id(api, ah, "sick"),
        "start_date": MONDAY.isoformat(),
        "end_date": MONDAY.isoformat(),
    }
    assert_error(api.post(f"{V1}/requests", headers=ah, json=body), 409, "absence_overlap")


def test_balances_in_hours(api, people):
    alice, ah = people["alice"]
    _, bh = people["boss"]
    week = _request(api, ah, MONDAY, MONDAY + timedelta(days=4))
    assert api.post(f"{V1}/requests/{week['id']}/approve", headers=bh).status_code == 200
    _request(api, ah, MONDAY + timedelta(days=7), code="sick")  # approved at once
    _request(api, ah, MONDAY + timedelta(days=8))  # submitted: not used yet
    found = api.get(f"{V1}/balances", headers=ah).json()
    assert set(found) == {"balances"}
    by_code = {b["leave_type_code"]: b for b in found["balances"]}
    assert set(by_code["vacation"]) == {"leave_type_id", "leave_type_code", "leave_type_name",
                                        "allowance_hours", "used_hours", "remaining_hours"}  # fmt: skip
    hours = ("allowance_hours", "used_hours", "remaining_hours")
    assert [by_code["vacation"][k] for k in hours] == [240.0, 40.0, 200.0]
    assert [by_code["sick"][k] for k in hours] == [None, 8.0, None]
    assert by_code["vacation"]["leave_type_name"] == "Vacation"
    # A manager reads someone they see; a member asking for another is 404.
    assert api.get(f"{V1}/balances", params={"user_id": alice.id}, headers=bh).json() == found
    root, _ = people["root"]
    assert_error(api.get(f"{V1}/balances", params={"user_id": root.id}, headers=ah), 404, "not_found")
    assert_error(api.get(f"{V1}/balances", params={"user_id": 2**31 - 2}, headers=bh), 404, "not_found")


def test_holidays(api, people):
    _, ah = people["alice"]
    _, rh = people["root"]
    res = api.post("/api/v1/holidays/company", headers=rh, json={"date": f"{YEAR}-12-31", "name": "Eve"})
    assert res.status_code == 201
    found = api.get(f"{V1}/holidays", headers=ah).json()
    eve = f"{YEAR}-12-31"
    assert found == {"holidays": [{"id": res.json()["holiday"]["id"], "name": "Eve", "start_date": eve,
                                   "end_date": eve, "region": None, "enabled": True}]}  # fmt: skip
    assert (
        api.put("/api/v1/worktime/settings", headers=rh, json={"holiday_calendar": "DE-BY"}).status_code
        == 200
    )
    params = {"start_date": f"{YEAR}-01-01", "end_date": f"{YEAR}-01-31"}
    january = api.get(f"{V1}/holidays", params=params, headers=ah).json()["holidays"]
    assert [(h["start_date"], h["region"]) for h in january] == [
        (f"{YEAR}-01-01", "DE-BY"),
        (f"{YEAR}-01-06", "DE-BY"),
    ]
    backwards = {"start_date": f"{YEAR}-02-01", "end_date": f"{YEAR}-01-01"}
    assert_error(api.get(f"{V1}/holidays", params=backwards, headers=ah), 400)


def test_a_request_as_a_pdf(api, people):
    import pypdfium2

    _, ah = people["alice"]
    _, bh = people["boss"]
    made = _request(api, ah, MONDAY, MONDAY + timedelta(days=4), comment="Skiing in Zermatt")
    assert (
        api.post(f"{V1}/requests/{made['id']}/approve", headers=bh, json={"comment": "Enjoy"}).status_code
        == 200
    )
    res = api.get(f"{V1}/requests/{made['id']}/pdf", headers=ah)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "application/pdf"
    assert f'filename="time_off_request_{made["id"]}.pdf"' in res.headers["content-disposition"]
    page = pypdfium2.PdfDocument(res.content)[0]
    text = page.get_textpage().get_text_range()
    shown = (
        "alice",
        "Vacation",
        MONDAY.isoformat(),
        "40.00",
        "approved",
        "Skiing in Zermatt",
        "boss",
        "Enjoy",
    )
    for expected in (*shown, "Signature (employee)"):
        assert expected in text, (expected, text)
    other = api.headers(api.user(name="carol"))
    assert_error(api.get(f"{V1}/requests/{made['id']}/pdf", headers=other), 404, "not_found")
