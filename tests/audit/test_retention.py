"""Retention: ``workspace.audit_retention_days``, set by admins; older events are pruned after an
audit write, at most once an hour per process (no retention: the log keeps everything)."""

from __future__ import annotations

import pytest

from punchclock.audit import service
from punchclock.kit.timeutil import now_ts
from tests.audit.helpers import events
from tests.audit.test_log import seed
from tests.checks import assert_error

WORKSPACE = "/api/v1/settings/workspace"
DAY = 86400


@pytest.fixture
def due(monkeypatch):
    """The next audit write may prune (as the first one after an hour would)."""
    clock = service.PruneClock()
    monkeypatch.setattr(service, "pruning", clock)
    return clock


def ages(db):
    return sorted(round((now_ts() - e["at"]) / DAY) for e in events(db))


def test_setting_a_retention_prunes_older_events(api, db, due):
    headers = api.headers(api.user("admin", "root"))
    for days in (400, 40, 31, 29, 1):
        seed(db, "auth.signed_in", now_ts() - days * DAY)
    res = api.put(WORKSPACE, json={"audit_retention_days": 30}, headers=headers)
    assert res.status_code == 200, res.text
    assert res.json()["workspace"]["audit_retention_days"] == 30
    assert api.get(WORKSPACE, headers=headers).json()["workspace"]["audit_retention_days"] == 30
    assert ages(db) == [0, 1, 29]  # the change itself is on record


def test_at_most_once_an_hour(api, db, due):
    headers = api.headers(api.user("admin", "root"))
    assert api.put(WORKSPACE, json={"audit_retention_days": 30}, headers=headers).status_code == 200
    seed(db, "auth.signed_in", now_ts() - 40 * DAY)
    assert api.put(WORKSPACE, json={"currency": "EUR"}, headers=headers).status_code == 200
    assert ages(db) == [0, 0, 40]  # pruned a moment ago: not again yet
    due.next_at = 0.0  # an hour later
    assert api.put(WORKSPACE, json={"currency": "GBP"}, headers=headers).status_code == 200
    assert ages(db) == [0, 0, 0]


def test_without_a_retention_everything_stays(api, db, due):
    api.user(name="alice")
    seed(db, "auth.signed_in", now_ts() - 4000 * DAY)
    api.login("alice")
    assert ages(db) == [0, 4000]


def test_a_long_backlog_goes_in_batches(api, db, due, monkeypatch):
    monkeypatch.setattr(service, "PRUNE_BATCH", 2)
    headers = api.headers(api.user("admin", "root"))
    for days in range(40, 47):
        seed(db, "auth.signed_in", now_ts() - days * DAY)
    assert api.put(WORKSPACE, json={"audit_retention_days": 7}, headers=headers).status_code == 200
    assert ages(db) == [0]


@pytest.mark.parametrize("days", [0, -1, 36501, "a year", 1.5, True])
def test_a_retention_out_of_range_is_refused(api, db, days):
    headers = api.headers(api.user("admin", "root"))
    assert_error(api.put(WORKSPACE, json={"audit_retention_days": days}, headers=headers), 400)
    assert api.get(WORKSPACE, headers=headers).json()["workspace"]["audit_retention_days"] is None
    assert events(db) == []


def test_only_an_admin_sets_it(api, db):
    manager = api.user("manager", "boss")
    res = api.put(WORKSPACE, json={"audit_retention_days": 30}, headers=api.login("boss"))
    assert_error(res, 403)
    assert (
        api.get(WORKSPACE, headers=api.headers(manager)).json()["workspace"]["audit_retention_days"] is None
    )
