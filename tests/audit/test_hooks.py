"""The records the sign-off feature will write (period decisions, the lock date), and how every
action reads on the Audit log page."""

from __future__ import annotations

import pytest

from punchclock.audit import service
from punchclock.audit.describe import sentence
from tests.audit.helpers import AUDIT, only


def test_a_period_decision_is_recorded_about_the_periods_owner(api, db):
    admin, alice = api.user("admin", "root"), api.user(name="alice")
    db.call(
        service.period, "reopened", actor_id=admin.id, owner_id=alice.id, period_id=7,
        start="2026-11-16", end="2026-11-22", comment="a day was missing", address="192.0.2.1",
    )  # fmt: skip
    event = only(db, "period.reopened")
    assert (event["actor_id"], event["target_user_id"], event["address"]) == (admin.id, alice.id, "192.0.2.1")
    assert event["detail"] == {
        "period_id": 7,
        "period": "2026-11-16..2026-11-22",
        "comment": "a day was missing",
    }
    [shown] = api.get(f"{AUDIT}?action=period.", headers=api.headers(admin)).json()["events"]
    assert shown["summary"] == "root reopened alice's period 2026-11-16 to 2026-11-22: a day was missing"


def test_a_period_action_must_be_one_of_the_sign_offs(db):
    with pytest.raises(ValueError, match="not a period action"):
        db.call(service.period, "deleted", actor_id=None, owner_id=1, period_id=1, start="", end="")


def test_the_lock_date(api, db):
    admin = api.user("admin", "root")
    db.call(service.lock_date, actor_id=admin.id, before=None, after="2026-10-31")
    event = only(db, "workspace.lock_date")
    assert (event["actor_id"], event["target_user_id"], event["detail"]) == (
        admin.id, None, {"from": None, "to": "2026-10-31"},
    )  # fmt: skip
    [shown] = api.get(AUDIT, headers=api.headers(admin)).json()["events"]
    assert shown["summary"] == "root changed the lock date from none to '2026-10-31'"


DEVICE = {"kind": "device", "method": "totp", "client": "desktop app on Windows"}
SSO_REFUSED = {"kind": "session", "method": "oidc", "reason": "no_account", "subject": "x1"}
EMAIL = {"changes": {"email": {"from": None, "to": "a@example.com"}}}


@pytest.mark.parametrize(
    ("action", "actor", "target", "detail", "expected"),
    [
        ("auth.signed_in", "alice", "alice", DEVICE,
         "alice signed in to a device with password and authenticator code (desktop app on Windows)"),
        ("auth.sign_in_failed", None, None, SSO_REFUSED,
         "Failed sign-in as 'x1' to the web app with single sign-on: no account linked to this identity"),
        ("user.updated", "root", "alice", EMAIL,
         "root changed alice's e-mail address from none to 'a@example.com'"),
        ("user.disabled", None, "alice", {"via": "cli"}, "The command line disabled the account alice"),
        ("token.created", "root", "alice", {"name": "ci", "scopes": []},
         "root created the API token 'ci' for alice (no scopes)"),
        ("export.others", "boss", None, {"what": "time_entries", "format": "csv", "start_date": "2026-11-01"},
         "boss exported the time entries of everyone as CSV, 2026-11-01 to …"),
        ("export.others", "boss", None, {"what": "report", "format": "pdf", "user_ids": [2, 3]},
         "boss exported a report of 2 people as PDF"),
        ("export.others", "boss", "bob", {"what": "timesheet", "format": "csv"},
         "boss exported the weekly timesheet of bob as CSV"),
        ("workspace.audit_retention_days", "root", None, {"from": None, "to": 90},
         "root set the audit log to keep events for 90 days"),
        ("workspace.audit_retention_days", "root", None, {"from": 90, "to": None},
         "root set the audit log to keep every event"),
        ("user.role_changed", "root", "bob", {"to": "admin"}, "root changed bob's role from none to 'admin'"),
        ("user.updated", "root", "bob", {"changes": "not a dict"}, "root: user.updated (bob)"),
        ("team.member_added", "root", "bob", {"team_id": 1, "name": "Support", "is_lead": True},
         "root added bob to the team 'Support' as a lead"),
        ("team.lead_changed", "root", "bob", {"team_id": 1, "name": "Support", "is_lead": False},
         "root made bob no longer a lead of the team 'Support'"),
        ("team.renamed", "root", None, {"team_id": 1, "name": "Helpdesk", "was": "Support"},
         "root renamed the team 'Support' to 'Helpdesk'"),
        ("team.overlap_rule", "root", None, {"team_id": 1, "name": "Support", "from": None, "to": "forbid"},
         "root set the team 'Support' to forbid overlapping entries (before: the workspace's rule)"),
        ("team.overlap_rule", "root", None, {"team_id": 1, "name": "Support", "from": "warn", "to": None},
         "root set the team 'Support' to follow the workspace's rule on overlapping entries (before: warn)"),
        ("team.created", "root", None, {"team_id": 1, "name": "Support"}, "root created the team 'Support'"),
        ("team.created", "root", None, {"team_id": 1, "name": "Support", "overlap_rule": "allow"},
         "root created the team 'Support', set to allow overlapping entries"),
        ("workspace.overlap_rule", "root", None, {"from": "allow", "to": "warn"},
         "root changed whether entries may overlap from 'allow' to 'warn'"),
        ("project.members", "root", None, {}, "root: project.members"),
    ],
)  # fmt: skip
def test_sentences(action, actor, target, detail, expected):
    assert sentence(action, actor, target, detail) == expected
