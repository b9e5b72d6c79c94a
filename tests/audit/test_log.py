"""GET /audit and GET /audit/export: newest first, readable, filtered by who, whom, what and when."""

from __future__ import annotations

import csv
import io

import pytest

from punchclock.audit import service
from punchclock.audit.repository import AuditFilter
from punchclock.models import AuditEvent
from tests.audit.helpers import AUDIT
from tests.checks import assert_error

DAY = 86400
T0 = 1_794_988_800  # 2026-11-18T08:00:00Z, a Wednesday


def seed(db, action, at, actor=None, target=None, detail="{}"):
    def add(session):
        session.add(
            AuditEvent(at=at, action=action, actor_id=actor, target_user_id=target, address="", detail=detail)
        )

    db.call(add)


@pytest.fixture
def log(api, db):
    admin, alice, bob = api.user("admin", "root"), api.user(name="alice"), api.user(name="bob")
    seed(
        db,
        "auth.sign_in_failed",
        T0 - 2 * DAY,
        detail='{"username": "alice", "reason": "wrong_password", "kind": "session"}',
    )
    seed(db, "auth.signed_in", T0 - DAY, alice.id, alice.id, '{"kind": "session", "method": "password"}')
    seed(db, "user.role_changed", T0, admin.id, bob.id, '{"from": "member", "to": "manager"}')
    seed(db, "authority.test", T0 + DAY, admin.id)  # not under "auth."
    seed(db, "token.created", T0 + 2 * DAY, admin.id, alice.id, '{"name": "ci", "scopes": ["read:projects"]}')
    return {"headers": api.headers(admin), "admin": admin, "alice": alice, "bob": bob}


def listed(api, log, query=""):
    res = api.get(f"{AUDIT}?{query}", headers=log["headers"])
    assert res.status_code == 200, res.text
    return res.json()


def actions(api, log, query=""):
    return [e["action"] for e in listed(api, log, query)["events"]]


def test_newest_first_with_names_and_a_readable_sentence(api, log):
    events = listed(api, log)["events"]
    assert [e["action"] for e in events] == [
        "token.created", "authority.test", "user.role_changed", "auth.signed_in", "auth.sign_in_failed",
    ]  # fmt: skip
    first = events[0]
    assert (first["actor"], first["target_user"], first["at"]) == ("root", "alice", "2026-11-20T08:00:00Z")
    assert first["summary"] == "root created the API token 'ci' for alice (read:projects)"
    assert events[2]["summary"] == "root changed bob's role from 'member' to 'manager'"
    assert events[3]["summary"] == "alice signed in to the web app with password"
    assert events[4]["summary"] == "Failed sign-in as 'alice' to the web app: wrong password"
    assert (events[4]["actor"], events[4]["actor_id"]) == (None, None)
    assert events[1]["summary"] == "root: authority.test"  # an action no sentence knows yet


def test_paged_like_other_lists(api, log):
    page = listed(api, log, "per_page=2&page=2")
    assert [e["action"] for e in page["events"]] == ["user.role_changed", "auth.signed_in"]
    assert page["pagination"]["total"] == 5
    assert (page["pagination"]["pages"], page["pagination"]["next_page"]) == (3, 3)


def test_filters_by_who_and_whom(api, log):
    assert actions(api, log, f"actor_id={log['alice'].id}") == ["auth.signed_in"]
    assert actions(api, log, f"user_id={log['alice'].id}") == ["token.created", "auth.signed_in"]
    both = f"actor_id={log['admin'].id}&user_id={log['bob'].id}"
    assert actions(api, log, both) == ["user.role_changed"]


def test_filters_by_an_action_or_a_prefix(api, log):
    assert actions(api, log, "action=auth.signed_in") == ["auth.signed_in"]
    assert actions(api, log, "action=auth.") == ["auth.signed_in", "auth.sign_in_failed"]
    assert actions(api, log, "action=auth") == []  # no dot: an exact name
    assert actions(api, log, "action=a_th.") == []  # "_" is no wildcard


def test_filters_by_dates_in_the_admins_time_zone(api, log):
    # Bare dates are whole days; "until" includes its day.
    assert actions(api, log, "since=2026-11-18&until=2026-11-19") == ["authority.test", "user.role_changed"]
    assert actions(api, log, "since=2026-11-20") == ["token.created"]
    assert actions(api, log, "until=2026-11-16") == ["auth.sign_in_failed"]
    assert actions(api, log, "since=2026-11-18T08:00:01Z&until=2026-11-19T08:00:00Z") == []
    res = api.patch("/api/v1/users/me", json={"timezone": "Pacific/Kiritimati"}, headers=log["headers"])
    assert res.status_code == 200  # UTC+14: its 2026-11-18 ends 2026-11-18T10:00Z
    assert actions(api, log, "since=2026-11-18&until=2026-11-18") == ["user.role_changed"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=2026-11-20&until=2026-11-18", "until must be after since"),
        ("since=yesterday", "not an ISO 8601"),
        ("action=Auth.", "action"),
        ("action=auth..x", "action"),
        ("action=" + "a" * 65, "action"),
        ("actor_id=0", "actor_id"),
        ("user_id=x", "user_id"),
    ],
)
def test_bad_filters_are_400(api, log, query, field):
    body = assert_error(api.get(f"{AUDIT}?{query}", headers=log["headers"]), 400)
    assert field in body["message"]
    body = assert_error(api.get(f"{AUDIT}/export?{query}", headers=log["headers"]), 400)


def test_export_as_csv_with_the_filters(api, log):
    res = api.get(f"{AUDIT}/export?action=auth.", headers=log["headers"])
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].startswith("text/csv")
    assert res.headers["content-disposition"].startswith('attachment; filename="audit-log-')
    assert res.headers["content-disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(res.content.decode("utf-8-sig"))))
    assert list(rows[0]) == list(service.EXPORT_HEADER)
    assert [(r["action"], r["actor"], r["target_user"]) for r in rows] == [
        ("auth.signed_in", "alice", "alice"),
        ("auth.sign_in_failed", "", ""),
    ]
    assert rows[1]["detail"] == '{"username":"alice","reason":"wrong_password","kind":"session"}'
    assert rows[1]["summary"] == "Failed sign-in as 'alice' to the web app: wrong password"


def test_export_as_json(api, log):
    res = api.get(f"{AUDIT}/export?format=json&user_id={log['alice'].id}", headers=log["headers"])
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "application/json"
    events = res.json()["events"]
    assert [e["action"] for e in events] == ["token.created", "auth.signed_in"]
    assert events[0]["detail"] == {"name": "ci", "scopes": ["read:projects"]}
    assert set(events[0]) == set(service.EXPORT_HEADER)
    assert_error(api.get(f"{AUDIT}/export?format=xlsx", headers=log["headers"]), 400)


def test_the_export_reads_every_page(api, db, log):
    everything = [row[2] for row in service.export_rows(db, AuditFilter(), "json", page=2)]
    assert everything == [e["action"] for e in listed(api, log)["events"]]
    assert len(everything) == 5
