"""The workspace's lock date: "nothing before 2026-10-31 changes", for everybody at once.

Notes:
The date means midnight in each user's own time zone. The lock rule (approval.lock) reads it as
an instant from each user's sync row (``locked_before``), so a write pays no query for it; this
module keeps those instants right: when the date changes, when a user is made (user.service calls
``user_joined``, which also gives them the workspace's overlap rule) and when a user's time zone
changes (``rezone``). Changing the date locks every user's row in user_id order (writers take one
row, so nothing waits in a cycle) and, on PostgreSQL, an advisory lock that a new user's row is
made under too, so a user made meanwhile cannot miss the new date (nor a new overlap rule:
``hold_joins``). A date after today is refused, and so is one that a running timer
started before: a timer never runs inside locked time (see approval.lock).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from punchclock.approval import lock, repository
from punchclock.audit import service as audit
from punchclock.errors import Conflict, ValidationFailed
from punchclock.kit.periods import midnight, today
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.overlap import service as overlap
from punchclock.setting import server
from punchclock.sync import stamp

_ADVISORY_KEY = 0x5043_4C44  # "PCLD": the lock date's PostgreSQL advisory lock


def lock_date(session: Session) -> date | None:
    stored = server.value(session, lock.LOCK_DATE_KEY)
    return date.fromisoformat(stored) if stored else None


def _instant(day: date | None, zone_name: str) -> int:
    return midnight(day, get_zone(zone_name)) if day is not None else 0


def _advisory(session: Session, shared: bool) -> None:
    if session.get_bind().dialect.name == "postgresql":
        fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        session.execute(text(f"SELECT {fn}(:key)"), {"key": _ADVISORY_KEY})


def set_lock_date(session: Session, day: date | None, actor_id: int | None, address: str = "") -> date | None:
    """Move the workspace's lock date (None: no lock date); returns it."""
    now = now_ts()
    if day is not None and day > today(get_zone("UTC"), now) + timedelta(days=1):
        raise ValidationFailed("lock_date: the lock date cannot be in the future", field="lock_date")
    _advisory(session, shared=False)
    users = repository.users_zones(session)
    stamp.hold(session, [u.id for u in users])
    instants = {u.id: min(_instant(day, u.timezone), now) for u in users}
    running = repository.running_starts(session)
    for user_id, started in running:
        if started < instants.get(user_id, 0):
            raise Conflict(
                "A timer started before the new lock date is still running; stop it first",
                code="timer_running",
                user_id=user_id,
            )
    ends = repository.last_locked_ends(session)
    stamp.set_fences(
        session,
        [
            {"uid": uid, "locked_before": at, "closed_until": max(at, ends.get(uid, 0))}
            for uid, at in instants.items()
        ],
    )
    old = server.value(session, lock.LOCK_DATE_KEY)
    if day is None:
        server.drop(session, lock.LOCK_DATE_KEY)
    else:
        server.put(session, lock.LOCK_DATE_KEY, day.isoformat())
    lock.forget(session)
    after = day.isoformat() if day else None
    if after != old:  # a lock date set again to itself is no change on record
        audit.lock_date(session, actor_id=actor_id, before=old, after=after, address=address)
    return day


def hold_joins(session: Session) -> None:
    """Keep new users from being made until this transaction ends, so a change of every user's row
    (the workspace's overlap rule) cannot miss one made meanwhile."""
    _advisory(session, shared=False)


def user_joined(session: Session, user_id: int, zone_name: str) -> None:
    """Give a new user's sync row the lock date and the overlap rule (under the date's lock, shared)."""
    _advisory(session, shared=True)
    at = _instant(lock_date(session), zone_name)
    stamp.ensure(session, user_id)
    # A new user is in no team yet: the workspace's rule is theirs (overlap.rules_of would say so too).
    rule = overlap.RULES.index(overlap.workspace_rule(session))
    stamp.set_fences(
        session, [{"uid": user_id, "locked_before": at, "closed_until": at, "overlap_rule": rule}]
    )


def rezone(session: Session, user_id: int, zone_name: str) -> None:
    """A user's time zone changed: their lock date instant follows."""
    day = lock_date(session)
    if day is None:
        return
    at = min(_instant(day, zone_name), now_ts())
    stamp.hold(session, [user_id])
    end = repository.last_locked_end(session, user_id)
    stamp.set_fences(session, [{"uid": user_id, "locked_before": at, "closed_until": max(at, end)}])
    lock.forget(session)


def settings(session: Session) -> dict[str, Any]:
    day = lock_date(session)
    return {"lock_date": day.isoformat() if day else None}
