"""Sign-off: members submit their periods, managers approve or reject them, admins close and reopen.

Notes:
Approving or closing a period locks it (approval.lock): the owners' sync rows are locked first, in
user_id order (sync.stamp.hold), then the periods are read again and changed, and each owner's
``closed_until`` moves to the period's end under that lock. A write of the owner's entries takes the
same row lock before its check, so it either commits before the approval (and is part of what was
approved) or waits and is refused. A running timer that started before the period's end refuses the
approval (409 timer_running): a timer never runs inside locked time, which keeps stopping it free of
checks. Reopening (admins, with a reason) makes the period a draft again and recomputes the fence.
A period holding a submitted absence of its owner is not approved either (409 absence_pending):
once approved, the absence's days would be locked and it could never be decided.

Who may do what: the owner submits, withdraws and deletes (a draft or a rejected period); a manager
or admin who sees the owner approves or rejects, never their own period; admins close and reopen.
A period the caller may not see answers 404, as every object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import lock, periods, repository
from punchclock.audit import service as audit
from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.errors import AppError, BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from punchclock.event.service import emit
from punchclock.kit.periods import midnight, today
from punchclock.kit.timeutil import get_zone, now_ts
from punchclock.models import TimesheetPeriod
from punchclock.models.timesheet_period import LOCKING, STATUSES
from punchclock.sync import stamp

WHAT = "Timesheet period"
MAX_LIST = 500
MAX_TEXT = 2000


def visible(session: Session, principal: Principal, period_id: int) -> TimesheetPeriod:
    period = repository.get(session, period_id)
    if period is None:
        raise NotFound(f"{WHAT} not found")
    policy.check_owner(principal, period.user_id, WHAT)
    return period


def reach(principal: Principal) -> tuple[int, ...] | None:
    """Whose periods the principal sees (None: everybody's): a lead's teams' members (punchclock.team)."""
    return policy.users_filter(principal, None)


def _text(value: str | None, field: str, required: bool = False) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(f"{field} is required", field=field)
    if len(value) > MAX_TEXT:
        raise ValidationFailed(f"{field}: at most {MAX_TEXT} characters", field=field)
    return value or None


def _state(period: TimesheetPeriod, allowed: Sequence[str], doing: str) -> None:
    if period.status not in allowed:
        raise BadRequest(
            f"A {period.status} period cannot be {doing} (only {' or '.join(allowed)})", code="invalid_state"
        )


def _announce(session: Session, name: str, period: TimesheetPeriod, actor_id: int) -> dict[str, Any]:
    shown = periods.shown(period)
    emit(session, f"period.{name}", shown, user_id=period.user_id, actor_id=actor_id)
    return shown


def _audit(session: Session, name: str, period: TimesheetPeriod, actor_id: int, text: str | None) -> None:
    start, end = period.period_start.isoformat(), period.period_end.isoformat()
    audit.period(
        session, name, actor_id=actor_id, owner_id=period.user_id, period_id=period.id, start=start, end=end,
        comment=text,
    )  # fmt: skip


# Reading


def list_periods(
    session: Session,
    principal: Principal,
    user_id: int | None = None,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:
    """Periods newest first: the caller's, or (managers, admins) everybody's they see."""
    statuses = [s.strip() for s in status.split(",") if s.strip()] if status else None
    for s in statuses or ():
        if s not in STATUSES:
            raise ValidationFailed(f"status: unknown status {s!r}", field="status")
    users = policy.user_filter(principal, user_id)
    rows = repository.listing(session, users, statuses, start, end, MAX_LIST)
    return [periods.shown(row[0], row[1]) for row in rows]


def missing_own(session: Session, principal: Principal) -> bool:
    """Whether the caller's current or previous period has no row yet."""
    (user,) = repository.users_zones(session, [principal.user_id])
    kind = periods.period_type(session)
    for day in periods.current_days(user, kind):
        first, _ = periods.bounds(day, kind, user.week_start)
        if repository.find(session, principal.user_id, first) is None:
            return True
    return False


def unsubmitted(session: Session, wait_days: Mapping[int, int], now: int) -> list[tuple[int, date, date]]:
    """Each user's latest period that ended more than ``wait_days[user]`` days before their local
    today and is not submitted (no row, a draft or a rejected one): (user_id, first, last day).

    Notes: only the latest such period is looked at; the reminders (punchclock.reminder) ask every
    day, so an older one was asked about on its own day."""
    if not wait_days:
        return []
    kind = periods.period_type(session)
    out = []
    for user in repository.users_zones(session, list(wait_days)):
        zone = get_zone(user.timezone)
        day = today(zone, now) - timedelta(days=wait_days[user.id] + 1)
        first, last = periods.bounds(day, kind, user.week_start)
        if last > day:
            first, last = periods.bounds(first - timedelta(days=1), kind, user.week_start)
        row = repository.overlapping(
            session, user.id, midnight(first, zone), midnight(last + timedelta(days=1), zone)
        )
        if row is None or row.status in ("draft", "rejected"):
            out.append((user.id, first, last))
    return out


def ensure_own(session: Session, principal: Principal) -> None:
    """Make the caller's current and previous periods as drafts where missing: TimeTracker's desktop
    app lists periods and never makes one."""
    (user,) = repository.users_zones(session, [principal.user_id])
    for day in periods.current_days(user, periods.period_type(session)):
        try:
            with session.begin_nested():
                periods.get_or_make(session, principal.user_id, day)
        except ValidationFailed:
            pass  # an older period of another type covers it; it stays as it is


def get(session: Session, principal: Principal, period_id: int) -> dict[str, Any]:
    period = visible(session, principal, period_id)
    names = repository.usernames(session, [period.user_id])
    (owner,) = repository.users_zones(session, [period.user_id])
    return {
        **periods.shown(period, names.get(period.user_id)),
        "totals": periods.totals(session, period, owner.timezone),
    }


def create(
    session: Session, principal: Principal, reference: date | None, user_id: int | None
) -> dict[str, Any]:
    """The period holding ``reference`` (today) of the caller, or (admins) of ``user_id``: made as a
    draft when missing."""
    owner = principal.user_id
    if user_id is not None and user_id != principal.user_id:
        if principal.role != "admin":
            raise Forbidden("Only admins make periods for other users", code="access_denied")
        if not repository.usernames(session, [user_id]):
            raise ValidationFailed(f"user_id {user_id} does not exist", code="invalid_user", field="user_id")
        owner = user_id
    if reference is None:
        (user,) = repository.users_zones(session, [owner])
        reference = periods.current_days(user, periods.period_type(session))[0]
    return periods.shown(periods.get_or_make(session, owner, reference))


# The owner's steps


def _own(session: Session, principal: Principal, period_id: int, doing: str) -> TimesheetPeriod:
    period = visible(session, principal, period_id)
    if period.user_id != principal.user_id:
        raise Forbidden(f"Only the period's owner {doing} it", code="access_denied")
    return period


def _no_timer_before(session: Session, user_ids: Sequence[int], end_at: int) -> None:
    running = repository.running_before(session, user_ids, end_at)
    if running is not None:
        raise Conflict(
            "A timer in this period is still running; stop it first",
            code="timer_running",
            user_id=running.user_id,
            time_entry_id=running.id,
        )


def submit(session: Session, principal: Principal, period_id: int) -> dict[str, Any]:
    period = _own(session, principal, period_id, "submits")
    _state(period, ("draft", "rejected"), "submitted")
    _no_timer_before(session, [period.user_id], period.end_at)
    now = now_ts()
    period.status, period.submitted_at, period.submitted_by = "submitted", now, principal.user_id
    period.updated_at = now
    session.flush()
    return _announce(session, "submitted", period, principal.user_id)


def withdraw(session: Session, principal: Principal, period_id: int) -> dict[str, Any]:
    """The owner takes a submitted period back (a draft again)."""
    period = _own(session, principal, period_id, "withdraws")
    _state(period, ("submitted",), "withdrawn")
    period.status, period.updated_at = "draft", now_ts()
    session.flush()
    return _announce(session, "withdrawn", period, principal.user_id)  # it leaves the managers' queue


def delete(session: Session, principal: Principal, period_id: int) -> None:
    period = visible(session, principal, period_id)
    if period.user_id != principal.user_id and principal.role != "admin":
        raise Forbidden("Only the owner or an admin deletes a period", code="access_denied")
    _state(period, ("draft", "rejected"), "deleted")
    repository.remove(session, period)


# Deciding


def check_decider(
    principal: Principal, owner_id: int, what: str = "period", code: str = "own_period"
) -> None:
    """The sign-off's rule of who decides: a manager or admin, never on their own ``what`` (403
    ``code``). Whom they see is checked before (policy.check_owner: 404 outside). Absences share it."""
    if owner_id == principal.user_id:
        raise Forbidden(f"Nobody approves or rejects their own {what}", code=code)
    if not principal.sees_everyone:
        raise Forbidden(f"Only managers and admins approve or reject {what}s", code="access_denied")


def _decider(principal: Principal, period: TimesheetPeriod) -> None:
    check_decider(principal, period.user_id)


def _no_pending_absence(session: Session, period: TimesheetPeriod) -> None:
    # Approving locks the period's days: an absence still waiting there could then never be decided.
    pending = repository.pending_absence(session, period.user_id, period.period_start, period.period_end)
    if pending is not None:
        raise Conflict(
            "An absence in this period awaits a decision; decide the absence first",
            code="absence_pending",
            absence_id=pending,
        )


def _admin(principal: Principal, doing: str) -> None:
    if principal.role != "admin":
        raise Forbidden(f"Only admins {doing} periods", code="access_denied")


Step = Callable[[TimesheetPeriod, float], None]


def _decide(
    session: Session,
    principal: Principal,
    ids: Sequence[int],
    check: Callable[[TimesheetPeriod], None],
    step: Step,
) -> tuple[list[TimesheetPeriod], dict[int, AppError]]:
    """Lock periods, set-wise: check each, hold the owners' sync rows (user_id order), read the
    periods again under them, refuse a period a running timer started in, apply ``step`` and move
    each owner's fence to the end of their periods. A handful of statements however many periods.
    Returns (the periods changed, the refusals by id)."""
    wanted = list(dict.fromkeys(ids))
    found = {p.id: p for p in repository.get_many(session, wanted)}
    refused: dict[int, AppError] = {}

    def passes(pid: int) -> bool:
        period = found.get(pid)
        try:
            if period is None or not principal.sees(period.user_id):
                raise NotFound(f"{WHAT} not found")
            check(period)
        except AppError as exc:
            refused[pid] = exc
            return False
        return True

    chosen = [pid for pid in wanted if passes(pid)]
    stamps = stamp.hold(session, [found[pid].user_id for pid in chosen])
    repository.refresh(session, [found[pid] for pid in chosen])
    running = repository.running_starts_of(session, list(stamps))
    done = []
    for pid in chosen:
        period = found[pid]
        started = running.get(period.user_id)
        if not passes(pid):
            continue
        if started is not None and started < period.end_at:
            refused[pid] = Conflict(
                "A timer in this period is still running; stop it first",
                code="timer_running",
                user_id=period.user_id,
            )
            continue
        step(period, stamps[period.user_id])
        done.append(period)
    fences: dict[int, int] = {}
    for period in done:
        gate = stamp.fence(session, period.user_id)
        fences[period.user_id] = max(
            fences.get(period.user_id, gate.closed_until if gate else 0), period.end_at
        )
    session.flush()
    stamp.set_fences(session, [{"uid": uid, "closed_until": end} for uid, end in fences.items()])
    lock.forget(session)
    return done, refused


def _approving(
    session: Session, principal: Principal, comment: str | None
) -> tuple[Callable[[TimesheetPeriod], None], Step]:
    def check(period: TimesheetPeriod) -> None:
        _decider(principal, period)
        _state(period, ("submitted", "rejected"), "approved")
        _no_pending_absence(session, period)

    def step(period: TimesheetPeriod, st: float) -> None:
        now = now_ts()
        period.status, period.approved_at, period.approved_by = "approved", now, principal.user_id
        period.approval_comment, period.approved_st, period.updated_at = comment, st, now

    return check, step


def _approve_many(
    session: Session, principal: Principal, ids: Sequence[int], comment: str | None
) -> tuple[list[TimesheetPeriod], dict[int, AppError]]:
    done, refused = _decide(session, principal, ids, *_approving(session, principal, comment))
    for period in done:
        _audit(session, "approved", period, principal.user_id, comment)
    return done, refused


def approve(session: Session, principal: Principal, period_id: int, comment: str | None) -> dict[str, Any]:
    comment = _text(comment, "comment")
    done, refused = _approve_many(session, principal, [period_id], comment)
    if refused:
        raise refused[period_id]
    return _announce(session, "approved", done[0], principal.user_id)


def reject(session: Session, principal: Principal, period_id: int, reason: str | None) -> dict[str, Any]:
    reason = _text(reason, "reason", required=True)
    period = visible(session, principal, period_id)
    _decider(principal, period)
    _state(period, ("submitted",), "rejected")
    now = now_ts()
    period.status, period.rejected_at, period.rejected_by = "rejected", now, principal.user_id
    period.rejection_reason, period.updated_at = reason, now
    session.flush()
    _audit(session, "rejected", period, principal.user_id, reason)
    return _announce(session, "rejected", period, principal.user_id)


def close(session: Session, principal: Principal, period_id: int, reason: str | None) -> dict[str, Any]:
    """Admins close a period whatever its state (an own one too); closing a closed one changes nothing."""
    _admin(principal, "close")
    reason = _text(reason, "reason")
    period = visible(session, principal, period_id)
    if period.status == "closed":
        return periods.shown(period)

    def step(period: TimesheetPeriod, st: float) -> None:
        now = now_ts()
        period.status, period.closed_at, period.closed_by = "closed", now, principal.user_id
        period.close_reason, period.updated_at = reason, now
        period.approved_st = period.approved_st or st

    done, refused = _decide(session, principal, [period_id], lambda _: None, step)
    if refused:
        raise refused[period_id]
    _audit(session, "closed", done[0], principal.user_id, reason)
    return _announce(session, "closed", done[0], principal.user_id)


def reopen(session: Session, principal: Principal, period_id: int, reason: str | None) -> dict[str, Any]:
    """Admins make an approved or closed period a draft again, with a reason; its time opens unless
    the lock date still covers it."""
    _admin(principal, "reopen")
    reason = _text(reason, "reason", required=True)
    period = visible(session, principal, period_id)
    stamp.hold(session, [period.user_id])
    repository.refresh(session, [period])
    _state(period, LOCKING, "reopened")
    now = now_ts()
    period.status, period.reopened_at, period.reopened_by = "draft", now, principal.user_id
    period.reopen_reason, period.approved_st, period.updated_at = reason, None, now
    session.flush()
    gate = stamp.fence(session, period.user_id)
    floor = gate.locked_before if gate else 0
    end = repository.last_locked_end(session, period.user_id)
    stamp.set_fences(session, [{"uid": period.user_id, "closed_until": max(floor, end)}])
    lock.forget(session)
    _audit(session, "reopened", period, principal.user_id, reason)
    return _announce(session, "reopened", period, principal.user_id)


def bulk_approve(
    session: Session, principal: Principal, period_ids: Sequence[int], comment: str | None
) -> list[dict[str, Any]]:
    """Approve several; each answers for itself (a refusal leaves the others approved)."""
    comment = _text(comment, "comment")
    done, refused = _approve_many(session, principal, period_ids, comment)
    approved = {p.id: _announce(session, "approved", p, principal.user_id) for p in done}
    results = []
    for pid in dict.fromkeys(period_ids):
        if pid in approved:
            results.append({"period_id": pid, "success": True, "timesheet_period": approved[pid]})
        else:
            exc = refused[pid]
            results.append({"period_id": pid, "success": False, "message": exc.message, "code": exc.code})
    return results
