"""/api/v1/notifications and /api/v1/reminder-settings: one's own, validated, counted in /startup."""

from __future__ import annotations

from tests.checks import assert_error
from tests.reminder.helpers import at, notifications, person, scan_at, work_model

URL = "/api/v1/notifications"
SETTINGS = "/api/v1/reminder-settings"


def _two_reminders(api, user):
    work_model(api, user)
    scan_at(api.db, at("2026-12-07 10:00"))
    scan_at(api.db, at("2026-12-08 10:00"))
    return notifications(api.db, user)


def test_the_list_newest_first_marking_read_one_and_all(api):
    alice = person(api, "alice", nothing_by_minute=9 * 60)
    first, second = _two_reminders(api, alice)
    h = api.headers(alice)
    res = api.get(URL, headers=h)
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["unread"] == 2
    assert [i["id"] for i in data["items"]] == [second.id, first.id]
    assert data["items"][0] == {
        "id": second.id, "kind": "nothing_tracked", "title": "Nothing tracked on 2026-12-08",
        "body": second.body, "link": "#/", "at": "2026-12-08T09:00:00Z", "read_at": None,
    }  # fmt: skip
    res = api.post(f"{URL}/{first.id}/read", headers=h)
    assert res.status_code == 200, res.text
    assert res.json() == {"marked": 1, "unread": 1}
    assert api.post(f"{URL}/{first.id}/read", headers=h).json() == {
        "marked": 0,
        "unread": 1,
    }  # again: no change
    unread = api.get(URL, params={"unread": "true"}, headers=h).json()
    assert [i["id"] for i in unread["items"]] == [second.id]
    assert unread["unread"] == 1
    assert api.get(URL, headers=h).json()["items"][1]["read_at"] is not None
    assert api.get("/api/v1/startup", headers=h).json()["unread_notifications"] == 1
    assert api.post(f"{URL}/read-all", headers=h).json() == {"marked": 1, "unread": 0}
    assert api.get("/api/v1/startup", headers=h).json()["unread_notifications"] == 0


def test_someone_elses_notification_is_404_and_stays_unread(api):
    alice = person(api, "alice", nothing_by_minute=9 * 60)
    bob = person(api, "bob")
    (mine, _) = _two_reminders(api, alice)
    assert_error(api.post(f"{URL}/{mine.id}/read", headers=api.headers(bob)), 404, "not_found")
    assert_error(api.post(f"{URL}/999999/read", headers=api.headers(bob)), 404, "not_found")
    assert api.get(URL, headers=api.headers(bob)).json() == {"items": [], "unread": 0}
    assert api.post(f"{URL}/read-all", headers=api.headers(bob)).json() == {"marked": 0, "unread": 0}
    assert api.get(URL, headers=api.headers(alice)).json()["unread"] == 2


def test_settings_default_off_and_change_field_by_field(api):
    alice = person(api, "alice")
    h = api.headers(alice)
    off = {
        "long_timer_hours": None, "nothing_by_minute": None, "period_days": None, "absence_hours": None,
        "by_app": True, "by_email": False, "by_webhook": False, "quiet_from": None, "quiet_to": None,
    }  # fmt: skip
    assert api.get(SETTINGS, headers=h).json() == off
    res = api.put(SETTINGS, json={"long_timer_hours": 9, "by_email": True}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json() == {**off, "long_timer_hours": 9, "by_email": True}
    res = api.put(SETTINGS, json={"quiet_from": 1320, "quiet_to": 420, "long_timer_hours": None}, headers=h)
    assert res.json() == {**off, "by_email": True, "quiet_from": 1320, "quiet_to": 420}
    assert api.get(SETTINGS, headers=h).json() == res.json()
    # Someone else's settings are theirs alone.
    assert api.get(SETTINGS, headers=api.headers(person(api, "bob"))).json() == off


def test_bad_settings_are_400_and_change_nothing(api):
    alice = person(api, "alice", long_timer_hours=5)
    h = api.headers(alice)
    before = api.get(SETTINGS, headers=h).json()
    for body, field in (
        ({"quiet_from": 60}, "quiet_from"),
        ({"long_timer_hours": 0}, "long_timer_hours"),
        ({"nothing_by_minute": 1440}, "nothing_by_minute"),
        ({"period_days": -1}, "period_days"),
        ({"by_app": None}, "by_app"),
        ({"by_sms": True}, "by_sms"),
    ):
        res = api.put(SETTINGS, json=body, headers=h)
        assert res.status_code == 400, (body, res.text)
        assert field in res.text
    assert api.get(SETTINGS, headers=h).json() == before


def test_a_notification_id_out_of_range_is_a_4xx(api):
    h = api.headers(person(api, "alice"))
    assert api.post(f"{URL}/0/read", headers=h).status_code in (400, 404, 422)
    assert api.post(f"{URL}/{2**40}/read", headers=h).status_code in (400, 404, 422)
