"""approval.service.unsubmitted: each user's latest period ended long enough ago and not submitted
(what the reminders ask, punchclock.reminder)."""

from __future__ import annotations

from datetime import date

from punchclock.approval import service
from tests.reminder.helpers import at, person

PERIODS = "/api/v1/timesheet-periods"


def _period(api, user, reference):
    res = api.post(PERIODS, json={"reference_date": reference}, headers=api.headers(user))
    assert res.status_code == 201, res.text
    return res.json()["timesheet_period"]["id"]


def test_rejected_counts_as_not_submitted_approved_does_not(api):
    admin = api.user("admin")
    rejected, approved = person(api, "rejected"), person(api, "approved")
    for user, decision in ((rejected, "reject"), (approved, "approve")):
        period = _period(api, user, "2026-11-25")
        assert api.post(f"{PERIODS}/{period}/submit", headers=api.headers(user)).status_code == 200
        body = {"reason": "Fix Tuesday"} if decision == "reject" else {}
        res = api.post(f"{PERIODS}/{period}/{decision}", json=body, headers=api.headers(admin))
        assert res.status_code == 200, res.text
    # Wednesday 2 December, two days of grace: the latest period due is 23-29 November.
    found = api.db.call(service.unsubmitted, {rejected.id: 2, approved.id: 2}, at("2026-12-02 12:00"))
    assert found == [(rejected.id, date(2026, 11, 23), date(2026, 11, 29))]
    assert api.db.call(service.unsubmitted, {}, at("2026-12-01 12:00")) == []


def test_monthly_periods_and_the_users_zone(api):
    admin = api.user("admin")
    assert (
        api.put("/api/v1/signoff", json={"period_type": "monthly"}, headers=api.headers(admin)).status_code
        == 200
    )
    tokyo = person(api, "tokyo", zone="Asia/Tokyo")
    berlin = person(api, "berlin")
    # 30 November 23:30 in Berlin is 1 December 07:30 in Tokyo: November is over there, not here.
    found = api.db.call(service.unsubmitted, {tokyo.id: 0, berlin.id: 0}, at("2026-11-30 23:30"))
    assert sorted(found) == sorted(
        [
            (tokyo.id, date(2026, 11, 1), date(2026, 11, 30)),
            (berlin.id, date(2026, 10, 1), date(2026, 10, 31)),
        ]
    )
    found = api.db.call(service.unsubmitted, {tokyo.id: 0, berlin.id: 0}, at("2026-12-01 00:30"))
    assert sorted(found) == sorted([(u.id, date(2026, 11, 1), date(2026, 11, 30)) for u in (tokyo, berlin)])
