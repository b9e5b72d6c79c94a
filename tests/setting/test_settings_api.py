"""/api/v1/settings: the web app's pc_* preferences, stored as sync-stamped user settings."""

from __future__ import annotations

import pytest

from tests.sync.helpers import tt_user

URL = "/api/v1/settings"


def test_set_and_read_back_preferences(api):
    api.user(name="alice")
    h = api.login("alice")
    assert api.get(URL, headers=h).json() == {
        "settings": {},
        "workspace": {"currency": "USD", "currency_decimals": 2, "audit_retention_days": None},
    }
    res = api.put(URL, json={"settings": {"pc_theme": "dark", "pc_clock": "12"}}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["settings"] == {"pc_theme": "dark", "pc_clock": "12"}
    api.put(URL, json={"settings": {"pc_theme": "light"}}, headers=h)
    assert api.get(URL, headers=h).json()["settings"] == {"pc_theme": "light", "pc_clock": "12"}


def test_settings_travel_through_the_sync_api_with_a_stamp(api):
    user, tt = tt_user(api, name="bob")
    tt.put("settings", [{"key": "first_day_of_week", "value": 1, "mt": 1.0}])
    before = tt.updates()["server_time"]
    h = api.login(user.username)
    api.put(URL, json={"settings": {"pc_duration": "decimal"}}, headers=h)
    changed = tt.updates(before)["settings"]
    assert [(s["key"], s["value"]) for s in changed] == [("pc_duration", "decimal")]
    assert changed[0]["st"] > before
    # TimeTagger's own settings stay out of the web app's view.
    assert api.get(URL, headers=h).json()["settings"] == {"pc_duration": "decimal"}


def test_the_settings_are_per_user(api):
    api.user(name="alice")
    api.user(name="bob")
    api.put(URL, json={"settings": {"pc_theme": "dark"}}, headers=api.login("alice"))
    assert api.get(URL, headers=api.login("bob")).json()["settings"] == {}


@pytest.mark.parametrize(
    "body",
    [
        {"settings": {"theme": "dark"}},
        {"settings": {"pc_": "x"}},
        {"settings": {"pc_Theme": "x"}},
        {"settings": {"first_day_of_week": 1}},
        {"settings": {f"pc_k{i}": i for i in range(51)}},
        {"settings": {"pc_big": "x" * 20000}},
        {"settings": []},
        {"other": {}},
        [],
    ],
)
def test_bad_input_is_a_400(api, body):
    api.user(name="alice")
    res = api.put(URL, json=body, headers=api.login("alice"))
    assert res.status_code == 400, res.text
    assert res.json()["code"] in ("validation_error", "invalid_setting")


def test_authorization(api):
    alice = api.user(name="alice")
    assert api.get(URL).status_code == 401
    assert api.put(URL, json={"settings": {}}).status_code == 401
    assert api.get(URL, headers=api.headers(alice, "read:time_entries")).status_code == 403
    # A narrow API token may read but not write: writing is for a signed-in session (or admin:all).
    assert api.get(URL, headers=api.headers(alice, "read:users")).status_code == 200
    res = api.put(URL, json={"settings": {"pc_theme": "dark"}}, headers=api.headers(alice, "read:users"))
    assert res.status_code == 403
