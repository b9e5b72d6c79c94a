"""/api/v1/worktime/days, /balance and /balances over real entries, models and holidays."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.checks import assert_error
from tests.entry.helpers import entry, set_timezone
from tests.team.helpers import make_team

H = 3600
PART = [8 * H, 8 * H, 8 * H, 8 * H, 6 * H, 0, 0]
FULL = [8 * H] * 5 + [0, 0]


@pytest.fixture
def w(api):
    root, boss = api.user("admin", name="root"), api.user("manager", name="boss")
    alice, bob = api.user("member", name="alice"), api.user("member", name="bob")
    set_timezone(api, alice, "Europe/Berlin")
    ah = api.headers(root)

    def model(user, valid_from, days, calendar="DE-BY"):
        body = {
            "valid_from": valid_from,
            "weekday_seconds": days,
            "holiday_calendar": calendar,
            "vacation_days": 30,
        }
        res = api.post("/api/v1/work-models", params={"user_id": user.id}, json=body, headers=ah)
        assert res.status_code == 201, res.text

    model(alice, "2026-06-01", PART)
    model(alice, "2026-06-15", FULL)  # a contract change mid-month
    model(bob, "2026-06-01", FULL, calendar="DE-NW")
    return {"root": root, "boss": boss, "alice": alice, "bob": bob, "ah": ah, "alh": api.headers(alice)}


def _days(api, h, start, end, **params):
    res = api.get("/api/v1/worktime/days", params={"start_date": start, "end_date": end, **params}, headers=h)
    assert res.status_code == 200, res.text
    return res.json()["days"]


def test_targets_follow_weekdays_holidays_and_the_model_in_force(api, w):
    days = _days(api, w["alh"], "2026-06-01", "2026-06-21")
    # The read materialised Bavaria's 2026 in a transaction of its own: the next read finds it.
    made = api.db.call(
        lambda s: s.execute(text("SELECT calendar, year FROM holiday_years")).all(), write=False
    )
    assert ("DE-BY", 2026) in [tuple(r) for r in made]
    targets = [d["target"] // H for d in days]
    # Corpus Christi (Thu 4 June) is a holiday in Bavaria; Fridays are 6 h until the 15th.
    assert targets == [8, 8, 8, 0, 6, 0, 0, 8, 8, 8, 8, 6, 0, 0, 8, 8, 8, 8, 8, 0, 0]
    assert days[3]["holiday"] == {"name": "Corpus Christi", "half": False}
    bob = _days(api, w["ah"], "2026-06-01", "2026-06-07", user_id=w["bob"].id)
    assert bob[3]["target"] == 0
    assert bob[3]["holiday"]["name"] == "Corpus Christi"
    # Before the first model: no target and no balance, whatever was tracked.
    entry(api, w["alh"], "2026-05-29T09:00:00+02:00", "2026-05-29T17:00:00+02:00")
    may = _days(api, w["alh"], "2026-05-29", "2026-05-29")[0]
    assert (may["target"], may["worked"], may["balance"]) == (0, 8 * H, 0)


def test_worked_time_and_balances_add_up(api, w):
    alh = w["alh"]
    entry(api, alh, "2026-06-01T08:00:00+02:00", "2026-06-01T12:00:00+02:00")
    entry(api, alh, "2026-06-01T12:30:00+02:00", "2026-06-01T17:30:00+02:00")  # 9 h, 30 min break
    entry(api, alh, "2026-06-02T09:00:00+02:00", "2026-06-02T16:00:00+02:00")  # 7 h, owes 1 h
    entry(api, alh, "2026-06-04T10:00:00+02:00", "2026-06-04T12:00:00+02:00")  # 2 h on a holiday
    days = _days(api, alh, "2026-06-01", "2026-06-07")
    assert [(d["worked"] // 60, d["balance"] // 60) for d in days[:5]] == [
        (540, 60), (420, -60), (0, -480), (120, 120), (0, -360)
    ]  # fmt: skip
    assert days[0]["breaks"] == 1800
    assert days[0]["first_in"] < days[0]["last_out"]
    res = api.get("/api/v1/worktime/balance", params={"date": "2026-06-08"}, headers=alh)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["since"] == "2026-06-01"
    assert body["timezone"] == "Europe/Berlin"
    assert body["running"] == (60 - 60 - 480 + 120 - 360) * 60
    assert body["today"] == {"target": 8 * H, "worked": 0, "balance": -8 * H}
    assert body["week"]["start"] == "2026-06-08"
    assert body["week"]["planned"] == 38 * H
    assert body["month"]["worked"] == (540 + 420 + 120) * 60
    # An adjustment dated up to yesterday moves the running balance.
    adj = {"date": "2026-06-05", "kind": "carry_over", "balance_seconds": 10 * H, "reason": "From last job"}
    res = api.post("/api/v1/work-adjustments", params={"user_id": w["alice"].id}, json=adj, headers=w["ah"])
    assert res.status_code == 201, res.text
    again = api.get("/api/v1/worktime/balance", params={"date": "2026-06-08"}, headers=alh).json()
    assert again["running"] == body["running"] + 10 * H
    assert again["month"]["adjusted"] == 10 * H


def test_break_rules_flag_and_deduct_as_the_workspace_says(api, w):
    rules = {"rules": [{"after": 6 * H, "break_seconds": 1800}], "min_piece": 900, "deduct": False}
    res = api.put("/api/v1/worktime/settings", json={"break_rules": rules}, headers=w["ah"])
    assert res.status_code == 200, res.text
    entry(api, w["alh"], "2026-06-01T08:00:00+02:00", "2026-06-01T14:10:00+02:00")
    day = _days(api, w["alh"], "2026-06-01", "2026-06-01")[0]
    assert (day["violation"], day["required_break"], day["deducted"]) == ("break_short", 1800, 0)
    api.put("/api/v1/worktime/settings", json={"break_rules": {**rules, "deduct": True}}, headers=w["ah"])
    day = _days(api, w["alh"], "2026-06-01", "2026-06-01")[0]
    assert day["deducted"] == 600  # never below the 6 h that asked for the break


def test_who_reads_whose_balance(api, w):
    bob = w["bob"]
    assert_error(api.get("/api/v1/worktime/balance", params={"user_id": bob.id}, headers=w["alh"]), 404)
    assert (
        api.get(
            "/api/v1/worktime/balance", params={"user_id": bob.id}, headers=api.headers(w["boss"])
        ).status_code
        == 200
    )
    mine = api.get("/api/v1/worktime/balances", params={"year": 2026}, headers=w["alh"]).json()
    assert [u["username"] for u in mine["users"]] == ["alice"]
    team = make_team(api, w["ah"], "Ops", leads=(w["boss"],), members=(w["bob"],))
    led = api.get("/api/v1/worktime/balances", params={"year": 2026}, headers=api.headers(w["boss"])).json()
    assert {u["username"] for u in led["users"]} == {"boss", "bob"}
    only = api.get(
        "/api/v1/worktime/balances", params={"year": 2026, "team_id": team}, headers=w["ah"]
    ).json()
    assert {u["username"] for u in only["users"]} == {"boss", "bob"}
    assert_error(api.get("/api/v1/worktime/balances", params={"team_id": 999999}, headers=w["ah"]), 404)


def test_bad_ranges_are_refused(api, w):
    h = w["alh"]
    for start, end in (("2026-06-10", "2026-06-01"), ("2026-01-01", "2026-03-31")):
        res = api.get("/api/v1/worktime/days", params={"start_date": start, "end_date": end}, headers=h)
        assert_error(res, 400)
    assert_error(
        api.get("/api/v1/worktime/days", params={"start_date": "x", "end_date": "y"}, headers=h), 400
    )
    assert api.get("/api/v1/worktime/balance").status_code == 401


def test_approved_absences_credit_or_excuse_the_day_and_vacation_is_counted(api, w):
    types = {
        t["code"]: t["id"] for t in api.get("/api/v1/absence-types", headers=w["alh"]).json()["absence_types"]
    }

    def absence(code, start, end, **extra):
        body = {"type_id": types[code], "start_date": start, "end_date": end, **extra}
        res = api.post("/api/v1/absences", json=body, headers=w["alh"])
        assert res.status_code == 201, res.text
        return res.json()["absence"]["id"]

    asked = absence("vacation", "2026-06-08", "2026-06-09")
    absence("parental", "2026-06-10", "2026-06-10")
    absence("vacation", "2026-06-11", "2026-06-11", start_half=True)
    days = {d["date"]: d for d in _days(api, w["alh"], "2026-06-08", "2026-06-12")}
    # Submitted, not approved yet: shown, but the day still owes its target.
    assert days["2026-06-08"]["absence"]["status"] == "submitted"
    assert (days["2026-06-08"]["credited"], days["2026-06-08"]["balance"]) == (0, -8 * H)
    boss = api.headers(w["root"])
    for absence_id in [a["id"] for a in api.get("/api/v1/absences", headers=w["alh"]).json()["absences"]]:
        res = api.post(f"/api/v1/absences/{absence_id}/approve", headers=boss)
        assert res.status_code == 200, res.text
    days = {d["date"]: d for d in _days(api, w["alh"], "2026-06-08", "2026-06-12")}
    assert (days["2026-06-08"]["credited"], days["2026-06-08"]["balance"]) == (
        8 * H,
        0,
    )  # vacation: as worked
    assert (days["2026-06-10"]["target"], days["2026-06-10"]["balance"]) == (0, 0)  # parental: excused
    assert (days["2026-06-11"]["credited"], days["2026-06-11"]["balance"]) == (4 * H, -4 * H)  # half a day
    body = api.get("/api/v1/worktime/balance", params={"date": "2026-06-15"}, headers=w["alh"]).json()
    assert body["vacation"]["taken_days"] == 2.5
    assert asked


def test_the_running_balance_runs_on_over_the_year_boundary_in_each_persons_zone(api, w):
    carol = api.user("member", name="carol")
    set_timezone(api, carol, "America/New_York")
    for user in (w["alice"], carol):
        body = {"valid_from": "2025-12-29", "weekday_seconds": FULL, "holiday_calendar": "DE"}
        res = api.post("/api/v1/work-models", params={"user_id": user.id}, json=body, headers=w["ah"])
        assert res.status_code == 201, res.text
    ch = api.headers(carol)
    for h in (w["alh"], ch):
        entry(api, h, "2025-12-29T08:00:00Z", "2025-12-29T17:00:00Z")  # a Monday in both zones: +1 h
        entry(
            api, h, "2026-01-04T03:00:00Z", "2026-01-04T05:00:00Z"
        )  # Sunday in Berlin, Saturday in New York
    params = {"date": "2026-01-06"}
    alice = api.get("/api/v1/worktime/balance", params=params, headers=w["alh"]).json()
    carol_b = api.get("/api/v1/worktime/balance", params=params, headers=ch).json()
    # 29 Dec +1, 30 and 31 Dec -8 each, 1 Jan a holiday, 2 Jan -8, the weekend +2, 5 Jan -8.
    assert alice["running"] == (1 - 16 - 8 + 2 - 8) * H
    assert carol_b["running"] == alice["running"]  # the same hours, on New York's days
    assert alice["year"]["start"] == "2026-01-01"
    assert alice["year"]["balance"] == (-8 + 2 - 8 - 8) * H  # up to 6 January, that day included
    days = {d["date"]: d for d in _days(api, ch, "2026-01-01", "2026-01-04")}
    assert days["2026-01-03"]["worked"] == 2 * H  # 03:00Z is 22:00 on Saturday in New York
    assert days["2026-01-04"]["worked"] == 0
    assert days["2026-01-01"]["holiday"]["name"] == "New Year's Day"
    december = api.get("/api/v1/worktime/report", params={"month": "2025-12"}, headers=w["alh"]).json()
    january = api.get("/api/v1/worktime/report", params={"month": "2026-01"}, headers=w["alh"]).json()
    assert january["carried_in"] == december["carried_out"] == (1 - 16) * H
