"""Vacation figures: allowance pro rata over the models, days taken on working days only, half days
and half holidays, carry-over capped and lapsing; and the days absences take (days_of)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from punchclock.absence import service, vacation
from punchclock.worktime.targets import DayTarget, Holiday, Models
from tests.absence.helpers import absence, model, step


def _models(*rows):
    return Models([SimpleNamespace(valid_from=d, vacation_half_days=h) for d, h in rows])


@pytest.mark.parametrize(
    ("rows", "year", "days"),
    [
        ([(date(2026, 1, 1), 60)], 2026, 30.0),
        ([(date(2026, 7, 1), 60)], 2026, 15.0),  # 184 of 365 days: 30.2 halves
        ([(date(2026, 1, 1), 40), (date(2026, 7, 1), 60)], 2026, 25.0),  # 50.1 halves
        ([(date(2026, 1, 1), 60)], 2025, 0.0),
        ([(date(2026, 4, 1), 61)], 2026, 23.0),  # 45.96 halves: rounded to the half day
    ],
)
def test_the_allowance_is_pro_rata_over_the_models(rows, year, days):
    assert vacation.allowance(_models(*rows), year) == days


WORKDAY = DayTarget(28800, 28800, None, None, True)


@pytest.mark.parametrize(
    ("fraction", "target", "cost"),
    [
        (1.0, WORKDAY, 1.0),
        (0.5, WORKDAY, 0.5),
        (1.0, DayTarget(0, 0, None, None, True), 0.0),  # a weekend
        (1.0, DayTarget(28800, 0, Holiday("New Year", False), None, True), 0.0),
        (1.0, DayTarget(28800, 14400, Holiday("Christmas Eve", True), None, True), 0.5),
        (0.5, DayTarget(28800, 14400, Holiday("Christmas Eve", True), None, True), 0.5),
        (1.0, DayTarget(0, 0, None, None, False), 0.0),  # before the first model
        (1.0, None, 0.0),
    ],
)
def test_a_day_costs_only_where_there_is_a_target(fraction, target, cost):
    assert vacation.day_cost(fraction, target) == cost


def _taken(day, days=1.0, status="approved"):
    return vacation.Taken(day, days, status)


def test_carried_days_are_capped_spent_first_and_lapse_after_until():
    models = _models((date(2025, 1, 1), 20))  # 10 days a year
    costs = [_taken(date(2025, 5, 5)), _taken(date(2026, 2, 2)), _taken(date(2026, 2, 3), 0.5),
             _taken(date(2026, 6, 1)), _taken(date(2026, 6, 2), status="submitted")]  # fmt: skip
    rule = {"max_days": 5, "until": "03-31"}
    before = vacation.figures(models, costs, [], rule, 2026, date(2026, 3, 31))
    assert before == {"year": 2026, "allowance_days": 10.0, "carried_days": 5.0, "taken_days": 2.5,
                      "planned_days": 1.0, "lapsed_days": 0.0, "remaining_days": 12.5}  # fmt: skip
    after = vacation.figures(models, costs, [], rule, 2026, date(2026, 4, 1))
    assert (after["lapsed_days"], after["remaining_days"]) == (3.5, 9.0)
    # No cap and no date: everything carried over, kept; an adjustment adds to the allowance.
    kept = vacation.figures(models, costs, [(date(2026, 1, 1), 3)], None, 2026, date(2026, 12, 31))
    assert (kept["allowance_days"], kept["carried_days"], kept["remaining_days"]) == (11.5, 9.0, 18.0)
    # The year after lapses whatever was carried and not spent by March: 12.5 - 3.5 = 9 -> capped 5.
    nxt = vacation.figures(models, costs, [], rule, 2027, date(2027, 1, 10))
    assert (nxt["carried_days"], nxt["remaining_days"]) == (5.0, 15.0)
    # Overdrawn: the debt is carried whole, whatever the cap.
    debt = vacation.figures(_models((date(2026, 1, 1), 2)), [_taken(date(2026, 3, 2 + i)) for i in range(3)],
                            [], rule, 2027, date(2027, 1, 10))  # fmt: skip
    assert (debt["carried_days"], debt["remaining_days"]) == (-2.0, -1.0)


def test_vacation_from_the_database(api, db):
    root, alice = api.user("admin", name="root"), api.user(name="alice")
    rh, ah, bh = api.headers(root), api.headers(alice), api.headers(api.user("manager", name="boss"))
    model(api, rh, alice, "2026-01-01", vacation_days=30)
    res = api.post(
        "/api/v1/holidays/company", headers=rh, json={"date": "2026-12-24", "name": "Eve", "half": True}
    )
    assert res.status_code == 201, res.text
    for start, end in (("2026-03-02", "2026-03-08"), ("2026-12-24", "2026-12-24")):
        made = absence(api, ah, start, end)
        assert step(api, bh, made["id"], "approve").status_code == 200
    absence(api, ah, "2026-11-02")  # submitted: planned
    absence(api, ah, "2026-11-03", code="sick")  # no allowance
    absence(api, ah, "2026-11-04", submit=False)  # a draft: nothing
    figures = db.call(service.vacation, alice.id, 2026, date(2026, 12, 31))
    assert figures == {"year": 2026, "allowance_days": 30.0, "carried_days": 0.0, "taken_days": 5.5,
                       "planned_days": 1.0, "lapsed_days": 0.0, "remaining_days": 24.5}  # fmt: skip
    rule = {"vacation_carryover": {"max_days": 5, "until": "03-31"}}
    assert api.put("/api/v1/worktime/settings", headers=rh, json=rule).status_code == 200
    adj = {"date": "2027-01-01", "kind": "vacation", "vacation_days": 2, "reason": "Long service"}
    assert (
        api.post("/api/v1/work-adjustments", params={"user_id": alice.id}, json=adj, headers=rh).status_code
        == 201
    )
    made = absence(api, ah, "2027-03-01", "2027-03-02")
    assert step(api, bh, made["id"], "approve").status_code == 200
    march = db.call(service.vacation, alice.id, 2027, date(2027, 3, 15))
    assert (march["allowance_days"], march["carried_days"], march["taken_days"], march["remaining_days"]) == (
        32.0, 5.0, 2.0, 35.0,
    )  # fmt: skip
    april = db.call(service.vacation, alice.id, 2027, date(2027, 4, 1))
    assert (april["lapsed_days"], april["remaining_days"]) == (3.0, 32.0)
    days = db.call(service.days_of, [alice.id], date(2026, 12, 23), date(2026, 12, 25))
    [(_, code, effect, fraction, status)] = days[alice.id][date(2026, 12, 24)]
    assert (code, effect, fraction, status) == ("vacation", "worked", 1.0, "approved")
    assert set(days[alice.id]) == {date(2026, 12, 24)}
