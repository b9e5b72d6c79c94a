"""Finding due reminders: each kind due and not due, opt-in, the in-app choice, made once."""

from __future__ import annotations

from punchclock.models import Absence, TimeEntry
from punchclock.reminder import scan, service
from tests.reminder.helpers import BERLIN, at, notifications, person, scan_at, work_model

START = "/api/v1/timer/start"


def _timer(api, user, notes="Deep work"):
    res = api.post(START, json={"notes": notes}, headers=api.headers(user))
    assert res.status_code == 201, res.text
    return res.json()["timer"]


def test_a_long_timer_is_due_after_its_hours_once_per_threshold(api):
    alice = person(api, "alice", long_timer_hours=4)
    bob = person(api, "bob")  # no reminders at all
    timer = _timer(api, alice)
    _timer(api, bob)
    started = api.db.call(lambda s: s.get(TimeEntry, timer["id"]).start_at)
    assert scan_at(api.db, started + 4 * 3600 - 60) == []  # 3 h 59 min: not yet
    made = scan_at(api.db, started + 4 * 3600)
    assert len(made) == 1
    (row,) = notifications(api.db, alice)
    assert (row.kind, row.key, row.state, row.read_at) == ("long_timer", f"{timer['id']}:4", "pending", None)
    assert row.title == "Your timer has run for over 4 hours"
    assert row.link == "#/"
    # Every later scan finds the same key: nothing new, however often it runs.
    assert scan_at(api.db, started + 5 * 3600) == []
    assert notifications(api.db, bob) == []
    # A higher threshold is a new occasion.
    api.put("/api/v1/reminder-settings", json={"long_timer_hours": 8}, headers=api.headers(alice))
    assert len(scan_at(api.db, started + 8 * 3600)) == 1
    assert sorted(n.key for n in notifications(api.db, alice)) == [f"{timer['id']}:4", f"{timer['id']}:8"]


def test_a_stopped_timer_is_no_long_timer(api):
    alice = person(api, "alice", long_timer_hours=1)
    _timer(api, alice)
    assert api.post("/api/v1/timer/stop", headers=api.headers(alice)).status_code == 200
    assert scan_at(api.db, at("2030-01-01 12:00")) == []


def test_nothing_tracked_on_a_working_day_after_the_users_minute(api):
    alice = person(api, "alice", nothing_by_minute=10 * 60)
    work_model(api, alice)
    # Monday 7 December 2026, Berlin: 9:59 is before her 10:00, 10:00 is not.
    assert scan_at(api.db, at("2026-12-07 09:59")) == []
    assert len(scan_at(api.db, at("2026-12-07 10:00"))) == 1
    (row,) = notifications(api.db, alice)
    assert (row.kind, row.key) == ("nothing_tracked", "2026-12-07")
    assert row.title == "Nothing tracked on 2026-12-07"
    assert scan_at(api.db, at("2026-12-07 16:00")) == []  # once a day
    assert len(scan_at(api.db, at("2026-12-08 10:00"))) == 1  # the next day is a new one


def test_nothing_tracked_counts_in_the_users_own_zone(api):
    # 10:30 in Berlin is 04:30 in New York: her 10:00 has not come yet.
    ny = person(api, "nyc", zone="America/New_York", nothing_by_minute=10 * 60)
    work_model(api, ny)
    assert scan_at(api.db, at("2026-12-07 10:30")) == []
    assert len(scan_at(api.db, at("2026-12-07 16:30"))) == 1
    assert notifications(api.db, ny)[0].key == "2026-12-07"


def test_nothing_tracked_is_not_due_with_time_tracked_on_a_free_day_or_a_holiday(api):
    tracked = person(api, "tracked", nothing_by_minute=9 * 60)
    free = person(api, "free", nothing_by_minute=9 * 60)
    no_model = person(api, "nomodel", nothing_by_minute=9 * 60)
    work_model(api, tracked)
    work_model(api, free, [28800] * 4 + [0, 0, 0])  # Fridays free
    entry = {"start_time": "2026-11-27T07:00:00Z", "end_time": "2026-11-27T08:00:00Z"}
    assert api.post("/api/v1/time-entries", json=entry, headers=api.headers(tracked)).status_code == 201
    # Friday 27 November: tracked has an entry, free has no target, no_model has no model at all.
    assert scan_at(api.db, at("2026-11-27 12:00")) == []
    # Saturday: nobody works.
    assert scan_at(api.db, at("2026-11-28 12:00")) == []
    # Christmas Day is a holiday of the DE calendar: no target, no reminder; the 23rd is a working day.
    holiday = person(api, "holiday", nothing_by_minute=9 * 60)
    api.put(
        "/api/v1/worktime/settings", json={"holiday_calendar": "DE"}, headers=api.headers(api.user("admin"))
    )
    work_model(api, holiday)
    assert scan_at(api.db, at("2026-12-25 12:00")) == []
    made = scan_at(api.db, at("2026-12-23 12:00"))
    keys = {(n.user_id, n.key) for u in (holiday, tracked, free) for n in notifications(api.db, u)}
    assert len(made) == 3
    assert keys == {(u.id, "2026-12-23") for u in (holiday, tracked, free)}
    assert notifications(api.db, no_model) == []


def _period(api, user, reference, submit):
    h = api.headers(user)
    res = api.post("/api/v1/timesheet-periods", json={"reference_date": reference}, headers=h)
    assert res.status_code == 201, res.text
    if submit:
        period_id = res.json()["timesheet_period"]["id"]
        assert api.post(f"/api/v1/timesheet-periods/{period_id}/submit", headers=h).status_code == 200


def test_a_period_not_submitted_days_after_its_end(api):
    draft = person(api, "draft", period_days=1)
    missing = person(api, "missing", period_days=1)
    done = person(api, "done", period_days=1)
    _period(api, draft, "2026-12-02", submit=False)
    _period(api, done, "2026-12-02", submit=True)
    # On Monday 7 December the week 30 Nov - 6 Dec is one day over, not more: the latest period due
    # is the week before, which nobody submitted.
    scan_at(api.db, at("2026-12-07 12:00"))
    for user in (draft, missing, done):
        assert [n.key for n in notifications(api.db, user)] == ["2026-11-23"]
    # On Tuesday the last week is due: not for the one who submitted it.
    made = scan_at(api.db, at("2026-12-08 00:30"))
    assert len(made) == 2
    for user in (draft, missing):
        row = notifications(api.db, user)[-1]
        assert (row.kind, row.key, row.link) == ("period_unsubmitted", "2026-11-30", "#/signoff")
        assert row.title == "Your timesheet 2026-11-30 to 2026-12-06 is not submitted"
    assert [n.key for n in notifications(api.db, done)] == ["2026-11-23"]
    assert scan_at(api.db, at("2026-12-09 12:00")) == []


def test_a_reminder_not_wanted_in_the_app_is_made_read(api):
    alice = person(api, "alice", nothing_by_minute=0, by_app=False, by_email=True)
    work_model(api, alice)
    now = at("2026-12-07 10:00")
    scan_at(api.db, now)
    (row,) = notifications(api.db, alice)
    assert row.read_at == now
    assert api.get("/api/v1/notifications?unread=true", headers=api.headers(alice)).json()["unread"] == 0


def test_settings_without_thresholds_make_nothing(api):
    alice = person(api, "alice", by_email=True)
    work_model(api, alice)
    _timer(api, alice)
    assert scan_at(api.db, at("2030-01-07 12:00")) == []


def test_quiet_hours_end_in_the_users_zone_and_may_span_midnight():
    now = at("2026-12-07 23:30")
    assert scan.quiet_until(now, BERLIN, 22 * 60, 7 * 60) == at("2026-12-08 07:00")
    assert scan.quiet_until(at("2026-12-08 06:59"), BERLIN, 22 * 60, 7 * 60) == at("2026-12-08 07:00")
    assert scan.quiet_until(at("2026-12-08 07:00"), BERLIN, 22 * 60, 7 * 60) == at("2026-12-08 07:00")
    assert scan.quiet_until(at("2026-12-08 12:00"), BERLIN, 12 * 60, 13 * 60) == at("2026-12-08 13:00")
    assert scan.quiet_until(at("2026-12-08 13:00"), BERLIN, 12 * 60, 13 * 60) == at("2026-12-08 13:00")
    assert scan.quiet_until(now, BERLIN, None, None) == now
    assert scan.quiet_until(now, BERLIN, 60, 60) == now


def test_the_kinds_are_a_table():
    assert set(scan.KINDS) == {"long_timer", "nothing_tracked", "period_unsubmitted", "absence_pending"}
    for kind in scan.KINDS.values():
        assert kind.threshold.endswith(("_hours", "_minute", "_days"))


def test_an_absence_waiting_reminds_those_who_decide_it_and_never_its_owner(api):
    from tests.team.helpers import make_team

    boss = api.user("manager", name="boss")
    other = api.user("manager", name="other")
    for lead in (boss, other):
        api.db.call(service.put_settings, lead.id, {"absence_hours": 24})
    alice = person(api, "alice", absence_hours=1)  # a member: never asked to decide
    bob = person(api, "bob")
    admin_h = api.headers(api.user("admin"))
    make_team(api, admin_h, "Ops", leads=(boss,), members=(alice,))
    make_team(api, admin_h, "Sales", leads=(other,), members=(bob,))
    body = {"type_id": 1, "start_date": "2026-12-21", "end_date": "2026-12-23"}
    res = api.post("/api/v1/absences", json=body, headers=api.headers(alice))
    assert res.status_code == 201, res.text
    absence = res.json()["absence"]
    submitted = api.db.call(lambda s: s.get(Absence, absence["id"]).submitted_at)
    assert scan_at(api.db, submitted + 23 * 3600) == []  # not a day yet
    assert len(scan_at(api.db, submitted + 25 * 3600)) == 1
    (made,) = notifications(api.db, boss)
    assert (made.kind, made.key, made.link) == ("absence_pending", str(absence["id"]), "#/signoff")
    assert made.title == "alice asks for vacation"
    assert notifications(api.db, other) == []  # not one of the teams other leads
    assert scan_at(api.db, submitted + 26 * 3600) == []  # once
    # Decided: nobody is reminded of it any more.
    res = api.post(f"/api/v1/absences/{absence['id']}/approve", headers=api.headers(boss))
    assert res.status_code == 200, res.text
