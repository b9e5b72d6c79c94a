"""/api/v1/holidays: regional calendars from the holidays package, switched-off days, company days."""

from __future__ import annotations

from datetime import date

import pytest

from punchclock.holiday import service, source
from tests.audit.helpers import events
from tests.checks import assert_error

HOLIDAYS = "/api/v1/holidays"


@pytest.fixture
def ah(api):
    return api.headers(api.user("admin", name="root"))


@pytest.fixture
def mh(api):
    return api.headers(api.user("member", name="alice"))


def _days(api, headers, calendar, year=2026):
    res = api.get(HOLIDAYS, params={"calendar": calendar, "year": year}, headers=headers)
    assert res.status_code == 200, res.text
    body = res.json()
    assert (body["calendar"], body["year"]) == (calendar, year)
    return {d["date"]: d for d in body["days"]}


def test_source_is_regional():
    by = {d.day: d.name for d in source.days("DE-BY", 2026)}
    be = {d.day: d.name for d in source.days("DE-BE", 2026)}
    national = {d.day for d in source.days("DE", 2026)}
    assert by[date(2026, 6, 4)] == "Corpus Christi"
    assert date(2026, 1, 6) in by  # Epiphany
    assert date(2026, 6, 4) not in be
    assert date(2026, 6, 4) not in national
    assert date(2026, 10, 3) in national
    assert "BY" in source.supported()["DE"][1]


def test_a_member_reads_regional_holidays(api, mh):
    by = _days(api, mh, "DE-BY")
    be = _days(api, mh, "DE-BE")
    assert by["2026-06-04"]["name"] == "Corpus Christi"
    assert "2026-06-04" not in be
    day = by["2026-06-04"]
    assert set(day) == {"id", "date", "name", "half", "source", "enabled"}
    assert (day["half"], day["source"], day["enabled"]) == (False, "package", True)
    # Read again: the same rows (materialised once).
    assert _days(api, mh, "DE-BY")["2026-06-04"]["id"] == day["id"]


def test_calendars(api, mh):
    res = api.get(f"{HOLIDAYS}/calendars", headers=mh)
    assert res.status_code == 200, res.text
    germany = next(c for c in res.json()["countries"] if c["code"] == "DE")
    assert germany["name"] == "Germany"
    assert "BY" in germany["subdivisions"]


@pytest.mark.parametrize("calendar", ["XX", "DE-XX", "de-by", "DE-"])
def test_an_unknown_calendar_is_400(api, mh, calendar):
    res = api.get(HOLIDAYS, params={"calendar": calendar, "year": 2026}, headers=mh)
    assert_error(res, 400, "unknown_calendar")


def test_a_bad_year_is_400(api, mh):
    assert_error(api.get(HOLIDAYS, params={"calendar": "DE", "year": 99999}, headers=mh), 400)
    assert_error(api.get(HOLIDAYS, params={"calendar": "DE"}, headers=mh), 400)


def test_a_disabled_day_stays_disabled_after_materialising_again(api, ah):
    day = _days(api, ah, "DE-BY")["2026-06-04"]
    res = api.patch(f"{HOLIDAYS}/{day['id']}", json={"enabled": False}, headers=ah)
    assert res.status_code == 200, res.text
    assert res.json()["holiday"]["enabled"] is False
    assert api.db.call(service.materialise, "DE-BY", 2026) == 12
    again = _days(api, ah, "DE-BY")["2026-06-04"]
    assert (again["id"], again["enabled"]) == (day["id"], False)
    found = api.db.call(service.days_for, ["DE-BY"], date(2026, 6, 1), date(2026, 6, 30))
    assert date(2026, 6, 4) not in found["DE-BY"]
    assert [e["detail"]["date"] for e in events(api.db, "holiday.disabled")] == ["2026-06-04"]
    assert api.patch(f"{HOLIDAYS}/{day['id']}", json={"enabled": True}, headers=ah).status_code == 200
    found = api.db.call(service.days_for, ["DE-BY"], date(2026, 6, 1), date(2026, 6, 30))
    assert found["DE-BY"][date(2026, 6, 4)].name == "Corpus Christi"


def test_company_days_add_and_remove(api, ah, mh):
    body = {"date": "2026-12-24", "name": "Christmas Eve", "half": True}
    res = api.post(f"{HOLIDAYS}/company", json=body, headers=ah)
    assert res.status_code == 201, res.text
    made = res.json()["holiday"]
    assert (made["source"], made["half"], made["enabled"]) == ("company", True, True)
    # Every calendar shows it.
    for calendar in ("DE-BY", "FR"):
        assert _days(api, mh, calendar)["2026-12-24"]["id"] == made["id"]
    assert_error(api.post(f"{HOLIDAYS}/company", json=body, headers=ah), 409, "holiday_exists")
    found = api.db.call(service.days_for, ["DE-BY", "DE-BE"], date(2026, 12, 1), date(2026, 12, 31))
    assert found["DE-BE"][date(2026, 12, 24)].half is True
    # A package day is not a company day: it cannot be deleted (switch it off instead).
    package_day = _days(api, ah, "DE-BY")["2026-12-25"]
    assert_error(api.delete(f"{HOLIDAYS}/company/{package_day['id']}", headers=ah), 404, "not_found")
    res = api.delete(f"{HOLIDAYS}/company/{made['id']}", headers=ah)
    assert res.status_code == 200, res.text
    assert "2026-12-24" not in _days(api, mh, "DE-BY")
    assert_error(api.delete(f"{HOLIDAYS}/company/{made['id']}", headers=ah), 404, "not_found")
    actions = [e["action"] for e in events(api.db) if e["action"].startswith("holiday.")]
    assert actions == ["holiday.company_added", "holiday.company_removed"]


def test_a_whole_company_day_beats_a_half_holiday(api, ah):
    body = {"date": "2026-06-04", "name": "Bridge", "half": False}
    assert api.post(f"{HOLIDAYS}/company", json=body, headers=ah).status_code == 201
    found = api.db.call(service.days_for, ["DE-BY", "DE-BE"], date(2026, 6, 4), date(2026, 6, 4))
    assert found["DE-BY"][date(2026, 6, 4)].name == "Corpus Christi"
    assert found["DE-BE"][date(2026, 6, 4)].name == "Bridge"


@pytest.mark.parametrize(
    "body",
    [{"date": "2026-13-01", "name": "x"}, {"date": "2026-01-02", "name": ""}, {"date": "2026-01-02"},
     {"date": "2026-01-02", "name": "x", "half": "yes"}],
)  # fmt: skip
def test_bad_company_days_are_400(api, ah, body):
    assert_error(api.post(f"{HOLIDAYS}/company", json=body, headers=ah), 400)


def test_members_and_managers_cannot_change_holidays(api, mh):
    boss = api.headers(api.user("manager", name="boss"))
    for headers in (mh, boss):
        res = api.post(f"{HOLIDAYS}/company", json={"date": "2026-12-24", "name": "Eve"}, headers=headers)
        assert_error(res, 403, "insufficient_scope")


def test_days_before_the_lock_date_are_frozen(api, ah):
    day = _days(api, ah, "DE-BY", 2025)["2025-06-19"]  # Corpus Christi 2025
    assert api.put("/api/v1/signoff", json={"lock_date": "2026-01-01"}, headers=ah).status_code == 200
    res = api.patch(f"{HOLIDAYS}/{day['id']}", json={"enabled": False}, headers=ah)
    assert_error(res, 409, "period_locked")
    body = {"date": "2025-12-24", "name": "Eve"}
    assert_error(api.post(f"{HOLIDAYS}/company", json=body, headers=ah), 409, "period_locked")
    later = _days(api, ah, "DE-BY")["2026-06-04"]
    assert api.patch(f"{HOLIDAYS}/{later['id']}", json={"enabled": False}, headers=ah).status_code == 200


def test_unknown_holiday_is_404(api, ah):
    assert_error(api.patch(f"{HOLIDAYS}/999", json={"enabled": False}, headers=ah), 404, "not_found")
