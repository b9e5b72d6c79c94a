"""Exports read back by the importer: the account export and the JSON entry export, into another
account, give the same entries; a second import adds nothing."""

from __future__ import annotations

from datetime import datetime

from tests.checks import assert_error, snapshot
from tests.report.helpers import berlin_week


def comparable(items):
    return sorted(
        (
            datetime.fromisoformat(i["start_time"]).timestamp(),
            i["duration_seconds"],
            i["project"],
            i["client"],
            i["notes"],
            i["tags"],
            i["billable"],
        )
        for i in items
    )


def test_account_export_round_trip(api, db):
    w = berlin_week(api)
    res = api.put(
        "/timetagger/api/v2/settings",
        json=[{"key": "first_day_of_week", "value": 1, "mt": 1_700_000_000}],
        headers={"authtoken": api.token(w.alice, ["read:time_entries", "write:time_entries"])},
    )
    assert res.status_code == 200, res.text
    doc = api.get("/api/v1/exports/account", headers=w.ah).content
    assert b'"first_day_of_week"' in doc
    carol = api.user("manager", "carol")
    ch = api.headers(carol)
    out = api.post("/api/v1/imports?format=punchclock&timezone=Europe/Berlin", content=doc, headers=ch).json()
    assert (out["import"]["imported"], out["import"]["settings"], out["import"]["rejected"]) == (3, 1, [])
    mine = api.get("/api/v1/exports/time-entries?format=json", headers=w.ah).json()["time_entries"]
    theirs = api.get(f"/api/v1/exports/time-entries?format=json&user_id={carol.id}", headers=ch).json()
    theirs = theirs["time_entries"]
    assert comparable(theirs) == comparable(mine)
    again = api.post("/api/v1/imports?format=punchclock", content=doc, headers=ch).json()["import"]
    assert (again["imported"], again["duplicates"], again["settings"]) == (0, 3, 0)


def test_entry_export_round_trip_to_a_fresh_account(api, db):
    w = berlin_week(api)
    alices = api.get(f"/api/v1/exports/time-entries?format=json&user_id={w.alice.id}", headers=w.mh)
    dave = api.user("admin", "dave")
    dh = api.headers(dave)
    out = api.post("/api/v1/imports?format=punchclock", content=alices.content, headers=dh).json()["import"]
    assert out["imported"] == 3
    theirs = api.get(f"/api/v1/exports/time-entries?format=json&user_id={dave.id}", headers=dh).json()
    assert comparable(theirs["time_entries"]) == comparable(alices.json()["time_entries"])
    assert sum(i["duration_seconds"] for i in theirs["time_entries"]) == 3.5 * 3600 + 420


def test_everyones_entry_export_is_not_merged_into_one_account(api, db):
    w = berlin_week(api)
    doc = api.get("/api/v1/exports/time-entries?format=json", headers=w.mh).content  # alice's and bob's
    dave = api.user("admin", "dave")
    dh = api.headers(dave)
    before = snapshot(db)
    refused = assert_error(api.post("/api/v1/imports?format=punchclock", content=doc, headers=dh), 400)
    assert (refused["code"], refused["people"]) == ("several_people", 2)
    assert snapshot(db) == before
    # By user, each entry goes back to its own account, where it already is (the export keeps keys).
    back = api.post("/api/v1/imports?format=punchclock&by_user=true", content=doc, headers=dh).json()[
        "import"
    ]
    assert [(a["account"], a["duplicates"]) for a in back["accounts"]] == [("alice", 3), ("bob", 1)]
    assert (back["imported"], back["rejected"]) == (0, [])
