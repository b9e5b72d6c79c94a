"""``export.others``: an export whose scope holds another person's data is on record before it is
sent; one's own export writes nothing."""

from __future__ import annotations

import pytest

from tests.audit.helpers import events, only
from tests.checks import assert_error
from tests.report.helpers import berlin_week

V1 = "/api/v1"
WEEK = "start_date=2026-11-16&end_date=2026-11-22"


@pytest.fixture
def w(api):
    return berlin_week(api)


def test_a_managers_export_of_everyones_entries(api, db, w):
    res = api.get(f"{V1}/exports/time-entries?format=json&{WEEK}", headers=w.mh)
    assert res.status_code == 200, res.text
    event = only(db, "export.others")
    assert (event["actor_id"], event["target_user_id"], event["address"]) == (
        w.manager.id,
        None,
        "testclient",
    )
    assert event["detail"] == {
        "what": "time_entries",
        "format": "json",
        "user_ids": None,
        "start_date": "2026-11-16",
        "end_date": "2026-11-22",
    }


def test_a_managers_export_of_one_persons_entries_names_them(api, db, w):
    assert api.get(f"{V1}/exports/time-entries?user_id={w.bob.id}", headers=w.mh).status_code == 200
    event = only(db, "export.others")
    assert event["target_user_id"] == w.bob.id
    assert event["detail"]["user_ids"] == [w.bob.id]


def test_ones_own_exports_are_not_on_record(api, db, w):
    assert api.get(f"{V1}/exports/time-entries", headers=w.ah).status_code == 200
    assert api.get(f"{V1}/exports/report?{WEEK}&format=csv", headers=w.ah).status_code == 200
    assert api.get(f"{V1}/reports/timesheet?week=2026-11-18&format=csv", headers=w.ah).status_code == 200
    own = f"{V1}/exports/time-entries?user_id={w.manager.id}"
    assert api.get(own, headers=w.mh).status_code == 200
    assert api.get(f"{V1}/exports/account", headers=w.mh).status_code == 200
    assert events(db, "export.others") == []


def test_a_refused_export_is_not_on_record(api, db, w):
    assert_error(api.get(f"{V1}/exports/time-entries?start_date=nope", headers=w.mh), 400)
    assert_error(api.get(f"{V1}/exports/time-entries?user_id={w.bob.id}", headers=w.ah), 403)
    assert events(db, "export.others") == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "pdf"])
def test_report_exports_of_the_team(api, db, w, fmt):
    res = api.get(f"{V1}/exports/report?{WEEK}&group_by=user&format={fmt}", headers=w.mh)
    assert res.status_code == 200, res.text
    event = only(db, "export.others")
    assert (event["detail"]["what"], event["detail"]["format"]) == ("report", fmt)


def test_a_weekly_timesheet_of_someone_else_as_csv(api, db, w):
    url = f"{V1}/reports/timesheet?week=2026-11-18&user_id={w.bob.id}"
    assert api.get(url, headers=w.mh).status_code == 200  # read on screen: not an export
    assert events(db, "export.others") == []
    assert api.get(f"{url}&format=csv", headers=w.mh).status_code == 200
    event = only(db, "export.others")
    assert event["target_user_id"] == w.bob.id
    assert event["detail"] == {
        "what": "timesheet",
        "format": "csv",
        "user_ids": [w.bob.id],
        "start_date": "2026-11-16",
        "end_date": "2026-11-22",
    }
