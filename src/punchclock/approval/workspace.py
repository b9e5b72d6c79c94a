"""The workspace's sign-off settings (lock date, period type, overlap rule) and the caller's
sign-off state as the web app reads it at start."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import lockdate, periods, repository
from punchclock.audit import service as audit
from punchclock.auth.scopes import Principal
from punchclock.kit.timeutil import iso
from punchclock.overlap import service as overlap
from punchclock.sync import stamp


def own_locks(session: Session, principal: Principal) -> dict[str, Any]:
    """What the caller's web app needs to show locked time: the lock date (and the instant it is for
    this user), the period type, the overlap rule that holds for the caller (their teams' or the
    workspace's), and the caller's periods of about the last year."""
    gate = stamp.read_fence(session, principal.user_id)
    since = date.fromordinal(date.today().toordinal() - 400)
    rows = repository.listing(session, [principal.user_id], None, since, None, 100)
    shown = settings(session)
    return {
        **shown,
        "overlap_rule": overlap.RULES[gate.overlap_rule] if gate else shown["overlap_rule"],
        "locked_before": iso(gate.locked_before) if gate and gate.locked_before else None,
        "periods": [
            {
                **{k: v for k, v in periods.shown(row[0]).items() if k in _BRIEF},
                "start": iso(row[0].start_at),
                "end": iso(row[0].end_at),
            }
            for row in rows
        ],
    }


_BRIEF = ("id", "period_type", "period_start", "period_end", "status", "is_locked", "rejection_reason")


# The workspace's settings


def settings(session: Session) -> dict[str, Any]:
    return {
        **lockdate.settings(session),
        "period_type": periods.period_type(session),
        "overlap_rule": overlap.workspace_rule(session),
    }


def update_settings(session: Session, changes: dict[str, Any], actor_id: int, address: str) -> dict[str, Any]:
    """Change the sign-off settings; each change is audited (``workspace.lock_date`` by lockdate,
    ``workspace.period_type`` and ``workspace.overlap_rule`` here)."""
    before = settings(session)
    if "lock_date" in changes:
        lockdate.set_lock_date(session, changes["lock_date"], actor_id, address)
    if changes.get("period_type"):
        periods.set_period_type(session, changes["period_type"])
    if changes.get("overlap_rule"):
        lockdate.hold_joins(session)
        everyone = [u.id for u in repository.users_zones(session)]
        overlap.set_workspace_rule(session, changes["overlap_rule"], everyone)
    after = settings(session)
    for key in ("period_type", "overlap_rule"):
        if before[key] != after[key]:
            detail = {"from": before[key], "to": after[key]}
            audit.record(session, f"workspace.{key}", actor_id=actor_id, address=address, detail=detail)
    return after
