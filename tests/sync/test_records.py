"""PUT and GET records, and settings: per-item results, the mt rule, filters."""

from __future__ import annotations

import pytest

from tests.sync.helpers import T0, entries, record, tt_user


def test_put_answers_per_item_and_keeps_the_good_ones(api):
    user, tt = tt_user(api)
    result = tt.push(
        record("good", ds="fine #a"),
        record("reversed", t1=T0 + 10, t2=T0),
        {"key": "no-times", "mt": 1},
        "not an object",
        {"key": 7, "t1": T0, "t2": T0, "mt": 1},
    )
    assert result["accepted"] == ["good"]
    assert result["failed"] == ["reversed", "no-times"]
    assert len(result["errors"]) == 4
    assert any("t1 must not be after t2" in e for e in result["errors"])
    assert [r["key"] for r in tt.records()] == ["good"]
    assert len(entries(api.db, user.id)) == 1


def test_records_round_trip_exactly(api):
    _, tt = tt_user(api)
    sent = record("rt", ds="  Write #Docs for #client/ACME  ", mt=1_700_000_123)
    tt.push(sent)
    (got,) = tt.records()
    assert {k: got[k] for k in ("key", "t1", "t2", "ds", "mt")} == {
        k: sent[k] for k in ("key", "t1", "t2", "ds", "mt")
    }
    assert isinstance(got["mt"], int)
    assert isinstance(got["st"], float)


def test_stored_newer_mt_wins_and_comes_back_with_a_new_stamp(api):
    _, tt = tt_user(api)
    tt.push(record("k", ds="newer", mt=2000))
    first = tt.by_key()["k"]
    assert tt.push(record("k", ds="older", mt=1000))["accepted"] == ["k"]
    second = tt.by_key()["k"]
    assert second["ds"] == "newer"
    assert second["st"] > first["st"]  # re-sent so the pushing client gets the stored version back
    tt.push(record("k", ds="same mt", mt=2000))
    assert tt.by_key()["k"]["ds"] == "same mt"  # equal mt: the push wins


def test_a_failed_item_with_a_stored_version_is_resent(api):
    _, tt = tt_user(api)
    tt.push(record("k", ds="kept"))
    before = tt.by_key()["k"]
    result = tt.push({**record("k"), "t1": "garbage"})
    assert result["failed"] == ["k"]
    after = tt.by_key()["k"]
    assert after["ds"] == "kept"
    assert after["st"] > before["st"]


def test_duplicate_keys_in_one_push_apply_in_mt_order(api):
    _, tt = tt_user(api)
    tt.push(record("d", ds="second", mt=20), record("d", ds="first", mt=10))
    assert tt.by_key()["d"]["ds"] == "second"


def test_keys_belong_to_their_user(api):
    _, alice = tt_user(api)
    _, bob = tt_user(api)
    alice.push(record("same", ds="alice's"))
    bob.push(record("same", ds="bob's"))
    assert alice.by_key()["same"]["ds"] == "alice's"
    assert bob.by_key()["same"]["ds"] == "bob's"


def test_timerange_selects_overlapping_records_and_running_ones_reach_to_infinity(api):
    _, tt = tt_user(api)
    tt.push(
        record("before", t1=T0, t2=T0 + 100),
        record("across", t1=T0 + 50, t2=T0 + 300),
        record("inside", t1=T0 + 200, t2=T0 + 250),
        record("after", t1=T0 + 1000, t2=T0 + 1100),
        record("running", t1=T0 - 5000, t2=T0 - 5000),
    )
    keys = [r["key"] for r in tt.records(f"{T0 + 150}-{T0 + 400}")]
    assert keys == ["running", "across", "inside"]
    assert [r["key"] for r in tt.records(f"{T0 + 100}-{T0 + 100}")] == ["running", "before", "across"]
    assert [r["key"] for r in tt.records(f"{T0 - 9000}-{T0 - 6000}")] == []  # starts later than the range


def test_running_hidden_and_tag_filters(api):
    _, tt = tt_user(api)
    tt.push(
        record("a", t1=T0, ds="#work #urgent"),
        record("b", t1=T0 + 4000, ds="#work"),
        record("c", t1=T0 + 8000, ds="HIDDEN #work #urgent"),
        record("r", t1=T0 + 9000, t2=T0 + 9000, ds="#other"),
    )

    def keys(**params):
        return sorted(r["key"] for r in tt.records(**params))

    assert keys() == ["a", "b", "c", "r"]
    assert keys(running="1") == ["r"]
    assert keys(running="no") == ["a", "b", "c"]
    assert keys(hidden="true") == ["c"]
    assert keys(hidden="0") == ["a", "b", "r"]
    assert keys(tag="work") == ["a", "b", "c"]
    assert keys(tag="#work,urgent") == ["a", "c"]
    assert keys(tag="WORK", hidden="off") == ["a", "b"]
    assert keys(tag="missing") == []


def test_settings_put_get_and_the_mt_rule(api):
    _, tt = tt_user(api)
    res = tt.put(
        "settings",
        [
            {"key": "first_day_of_week", "value": 1, "mt": 100},
            {"key": "taginfo #work", "value": {"color": "#f00", "targets": {"day": 3600}}, "mt": 100},
            {"key": "bad", "value": "x" * 9000, "mt": 100},
            {"key": "no-mt", "value": 1},
        ],
    )
    assert res.json()["accepted"] == ["first_day_of_week", "taginfo #work"]
    assert res.json()["failed"] == ["bad", "no-mt"]
    tt.put("settings", [{"key": "first_day_of_week", "value": 0, "mt": 50}])  # older: ignored
    tt.put("settings", [{"key": "taginfo #work", "value": {"color": "#0f0"}, "mt": 100}])  # equal: wins
    got = {s["key"]: s for s in tt.get("settings").json()["settings"]}
    assert got["first_day_of_week"]["value"] == 1
    assert got["taginfo #work"]["value"] == {"color": "#0f0"}
    assert set(got["first_day_of_week"]) == {"key", "value", "mt", "st"}


@pytest.mark.parametrize("what", ["records", "settings"])
def test_an_empty_push_is_fine(api, what):
    _, tt = tt_user(api)
    assert tt.put(what, []).json() == {"accepted": [], "failed": [], "errors": []}
