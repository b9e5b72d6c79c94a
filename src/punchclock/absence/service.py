"""Absences: requests for days off, decided by the sign-off's deciders, counted by working time.

Notes:
Every write follows the one gate the entries use: the owner's sync stamp (which serialises it with
approvals and the lock date), then the period lock (approval.lock: 409 period_locked for days in
signed-off time or before the lock date; an absence's span runs from its first day's midnight to the
midnight after its last, in the owner's zone), then the overlap rule for a live absence (submitted
or approved: lifecycle.clash), then the change, its event (``absence.<state>``, heard by the owner
and by the team sockets of whoever sees them) and an audit row.

Who may do what: the owner makes, edits (drafts), submits, withdraws and deletes their own; a manager
or admin who sees the owner approves, rejects and cancels, never on their own request (403
own_request), and may record an absence for someone they see, approved at once. An absence of
someone the caller does not see answers 404. A type that needs no approval (sick) is approved when
submitted. Deleting is for anything not approved (cancel an approved one first).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from punchclock.absence import lifecycle, repository
from punchclock.absence import vacation as vacation_figures
from punchclock.absence.lifecycle import DECIDER, Span
from punchclock.approval import lock
from punchclock.approval.service import check_decider
from punchclock.audit import service as audit_service
from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from punchclock.event.service import emit
from punchclock.kit.periods import midnight
from punchclock.kit.timeutil import get_zone, iso, now_ts
from punchclock.models import Absence, AbsenceType
from punchclock.models.absence import LIVE, STATUSES
from punchclock.sync import stamp

WHAT = "Absence"
MAX_LIST = 500
MAX_DAYS = 366  # one absence spans at most a year
FIRST_DAY, LAST_DAY = date(1970, 1, 2), date(2100, 12, 31)
Day = tuple[int, str, str, float, str]  # (absence_id, type code, effect, fraction, status)


def shown(row: Absence, kind: AbsenceType, username: str | None = None) -> dict[str, Any]:
    return {
        "id": row.id, "user_id": row.user_id, "username": username, "type_id": row.type_id,
        "type": kind.code, "type_name": kind.name, "effect": kind.effect, "color": kind.color,
        "start_date": row.start_date.isoformat(), "end_date": row.end_date.isoformat(),
        "start_half": row.start_half, "end_half": row.end_half,
        "days": sum(f for _, f in Span.of(row).days()),
        "status": row.status, "comment": row.comment, "review_comment": row.review_comment,
        "submitted_at": iso(row.submitted_at), "decided_at": iso(row.decided_at),
        "decided_by": row.decided_by,
        "created_by": row.created_by, "created_at": iso(row.created_at), "updated_at": iso(row.updated_at),
    }  # fmt: skip


def _visible(session: Session, principal: Principal, absence_id: int) -> tuple[Absence, AbsenceType]:
    row = repository.get(session, absence_id)
    if row is None:
        raise NotFound(f"{WHAT} not found")
    policy.check_owner(principal, row.user_id, WHAT)
    kind = repository.get_type(session, row.type_id)
    assert kind is not None  # the foreign key
    return row, kind


def _zone(session: Session, user_id: int) -> str:
    found = repository.users(session, [user_id])
    if not found:
        raise NotFound("User not found")
    return str(found[0].timezone)


def _usable_type(session: Session, type_id: int) -> AbsenceType:
    kind = repository.get_type(session, type_id)
    if kind is None or not kind.enabled:
        raise ValidationFailed(f"type_id {type_id} is not an absence type in use", code="invalid_type",
                               field="type_id")  # fmt: skip
    return kind


def _check_span(span: Span) -> None:
    if not (FIRST_DAY <= span.start <= LAST_DAY and FIRST_DAY <= span.end <= LAST_DAY):
        raise ValidationFailed(f"dates must be from {FIRST_DAY} to {LAST_DAY}", field="start_date")
    if span.end < span.start:
        raise ValidationFailed("end_date is before start_date", field="end_date")
    if (span.end - span.start).days >= MAX_DAYS:
        raise ValidationFailed(f"an absence spans at most {MAX_DAYS} days", field="end_date")
    if span.start == span.end and span.start_half and span.end_half:
        raise ValidationFailed("a one-day absence is a half day at most once (start_half or end_half)",
                               field="end_half")  # fmt: skip


def _gate(session: Session, owner_id: int, *spans: Span) -> None:
    """The owner's stamp, then 409 period_locked when a day of ``spans`` lies in locked time."""
    stamp.stamp(session, owner_id)
    tz = get_zone(_zone(session, owner_id))
    wanted = [(midnight(s.start, tz), midnight(s.end + timedelta(days=1), tz)) for s in spans]
    lock.check_open(session, owner_id, *wanted)


def _no_overlap(session: Session, owner_id: int, span: Span, own_id: int | None) -> None:
    others = repository.live_between(session, owner_id, span.start, span.end, own_id)
    for other in others:
        day = lifecycle.clash(span, [Span.of(other)])
        if day is not None:
            raise Conflict(
                f"{day.isoformat()} is taken by another absence ({other.status}); two may share a day "
                "only as half days",
                code="absence_overlap", absence_id=other.id, date=day.isoformat(),
            )  # fmt: skip


def _shown(session: Session, row: Absence, kind: AbsenceType) -> dict[str, Any]:
    return shown(row, kind, repository.users(session, [row.user_id])[0].username)


def _announce(session: Session, state: str, row: Absence, kind: AbsenceType, actor_id: int) -> dict[str, Any]:
    data = _shown(session, row, kind)
    emit(session, f"absence.{state}", data, user_id=row.user_id, actor_id=actor_id)
    return data


def _audit(
    session: Session, verb: str, actor_id: int, row: Absence, kind: AbsenceType, comment: str | None = None
) -> None:
    detail: dict[str, Any] = {"absence_id": row.id, "type": kind.name, "start": row.start_date.isoformat(),
                              "end": row.end_date.isoformat(), "status": row.status}  # fmt: skip
    if row.start_half or row.end_half:
        detail["half"] = [row.start_half, row.end_half]
    if comment:
        detail["comment"] = comment
    audit_service.record(
        session, f"absence.{verb}", actor_id=actor_id, target_user_id=row.user_id, detail=detail
    )


# Reading


def list_absences(
    session: Session,
    principal: Principal,
    user_id: int | None = None,
    status: str | None = None,
    first: date | None = None,
    last: date | None = None,
) -> list[tuple[Absence, AbsenceType, str]]:
    """(absence, type, username) newest first: the caller's and, for managers and admins, those of
    the people they see (``user_id``: one of them; someone they do not see: 403)."""
    statuses = [s.strip() for s in status.split(",") if s.strip()] if status else None
    for s in statuses or ():
        if s not in STATUSES:
            raise ValidationFailed(f"status: unknown status {s!r}", field="status")
    users = policy.user_filter(principal, user_id)
    return [(r[0], r[1], r[2]) for r in repository.listing(session, users, statuses, first, last, MAX_LIST)]


def list_dicts(session: Session, principal: Principal, *args: Any) -> list[dict[str, Any]]:
    return [shown(a, t, name) for a, t, name in list_absences(session, principal, *args)]


def get(session: Session, principal: Principal, absence_id: int) -> dict[str, Any]:
    row, kind = _visible(session, principal, absence_id)
    return _shown(session, row, kind)


def get_row(session: Session, principal: Principal, absence_id: int) -> tuple[Absence, AbsenceType]:
    """An absence the caller sees, with its type (404 otherwise)."""
    return _visible(session, principal, absence_id)


# Writing


def create(session: Session, principal: Principal, data: dict[str, Any]) -> dict[str, Any]:
    """A new absence of the caller, or (managers and admins) of someone they see, approved at once.
    ``data``: type_id, start_date, end_date, start_half, end_half, comment, submit, user_id."""
    owner = data.get("user_id") or principal.user_id
    policy.check_owner(principal, owner, "User")
    _zone(session, owner)
    kind = _usable_type(session, data["type_id"])
    span = Span(
        data["start_date"], data["end_date"], data.get("start_half", False), data.get("end_half", False)
    )
    _check_span(span)
    if owner != principal.user_id:
        check_decider(principal, owner, "absence", "own_request")
        status = "approved"
    elif data.get("submit", True):
        status = "submitted" if kind.needs_approval else "approved"
    else:
        status = "draft"
    _gate(session, owner, span)
    if status in LIVE:
        _no_overlap(session, owner, span, None)
    now = now_ts()
    row = Absence(user_id=owner, type_id=kind.id, start_date=span.start, end_date=span.end,
                  start_half=span.start_half, end_half=span.end_half, status=status,
                  comment=data.get("comment") or None, created_by=principal.user_id, created_at=now,
                  updated_at=now)  # fmt: skip
    if status in LIVE:
        row.submitted_at = now
    if status == "approved":
        row.decided_at, row.decided_by = now, principal.user_id
    repository.add(session, row)
    _audit(session, "created", principal.user_id, row, kind, row.comment)
    if status != "draft":
        return _announce(session, status, row, kind, principal.user_id)
    return _shown(session, row, kind)


def _owner_or_decider(principal: Principal, row: Absence, doing: str) -> None:
    if row.user_id != principal.user_id and not principal.sees_everyone:
        raise Forbidden(f"Only the owner or a manager {doing} an absence", code="access_denied")


def update(
    session: Session, principal: Principal, absence_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a draft (its owner, or a manager or admin who sees them)."""
    row, kind = _visible(session, principal, absence_id)
    _owner_or_decider(principal, row, "changes")
    if row.status not in lifecycle.EDITABLE:
        raise BadRequest(f"A {row.status} absence cannot be changed (only a draft)", code="invalid_state")
    for field in ("type_id", "start_date", "end_date"):
        if field in changes and changes[field] is None:
            raise ValidationFailed(f"{field}: may not be null", field=field)
    if "type_id" in changes:
        kind = _usable_type(session, changes["type_id"])
    old = Span.of(row)
    halves = changes.get("start_half"), changes.get("end_half")
    span = Span(changes.get("start_date") or old.start, changes.get("end_date") or old.end,
                old.start_half if halves[0] is None else halves[0],
                old.end_half if halves[1] is None else halves[1])  # fmt: skip
    _check_span(span)
    _gate(session, row.user_id, old, span)
    row.type_id, row.start_date, row.end_date = kind.id, span.start, span.end
    row.start_half, row.end_half = span.start_half, span.end_half
    if "comment" in changes:
        row.comment = changes["comment"] or None
    row.updated_at = now_ts()
    session.flush()
    _audit(session, "updated", principal.user_id, row, kind)
    return _shown(session, row, kind)


def act(
    session: Session, principal: Principal, absence_id: int, action: str, comment: str | None = None
) -> dict[str, Any]:
    """Move an absence along (lifecycle.STEPS): submit, withdraw, approve, reject, cancel."""
    row, kind = _visible(session, principal, absence_id)
    froms, to, who = lifecycle.step(action)
    if who == DECIDER:
        check_decider(principal, row.user_id, "absence", "own_request")
    elif row.user_id != principal.user_id:
        raise Forbidden(f"Only the absence's owner may {action} it", code="access_denied")
    if row.status not in froms:
        doing = lifecycle.VERBS[to]
        raise BadRequest(f"A {row.status} absence cannot be {doing} (only {' or '.join(froms)})",
                         code="invalid_state")  # fmt: skip
    if action == "submit" and not kind.needs_approval:
        to = "approved"
    span = Span.of(row)
    _gate(session, row.user_id, span)
    if to in LIVE:
        _no_overlap(session, row.user_id, span, row.id)
    now = now_ts()
    if action == "submit":
        row.submitted_at = now
    if to == "approved" or action == "reject":
        row.decided_at, row.decided_by = now, principal.user_id
    if who == DECIDER and comment:
        row.review_comment = comment
    row.status, row.updated_at = to, now
    session.flush()
    # Audited as what was done (a sick day submitted), announced as where it landed (approved).
    _audit(session, lifecycle.VERBS[lifecycle.STEPS[action][1]], principal.user_id, row, kind, comment)
    return _announce(session, lifecycle.VERBS[to], row, kind, principal.user_id)


def delete(session: Session, principal: Principal, absence_id: int) -> None:
    """Delete an absence that is not approved (its owner, or a manager or admin who sees them)."""
    row, kind = _visible(session, principal, absence_id)
    _owner_or_decider(principal, row, "deletes")
    if row.status not in lifecycle.DELETABLE:
        raise BadRequest("An approved absence is cancelled, not deleted", code="invalid_state")
    _gate(session, row.user_id, Span.of(row))
    data = _shown(session, row, kind)
    _audit(session, "deleted", principal.user_id, row, kind)
    repository.delete(session, row)
    if data["status"] in LIVE:
        emit(session, "absence.deleted", data, user_id=data["user_id"], actor_id=principal.user_id)


# For working time and the calendar


def days_of(
    session: Session, user_ids: Collection[int], first: date, last: date
) -> dict[int, dict[date, list[Day]]]:
    """Each day of the users' live absences from ``first`` to ``last``: (absence_id, type code,
    effect, fraction, status) each; a day may hold two half days."""
    out: dict[int, dict[date, list[Day]]] = {u: {} for u in user_ids}
    for row, kind in repository.of_users(session, user_ids, first, last):
        days = out[row.user_id]
        for day, fraction in Span.of(row).days(first, last):
            days.setdefault(day, []).append((row.id, kind.code, kind.effect, fraction, row.status))
    return out


def vacation(session: Session, user_id: int, year: int, as_of: date | None = None) -> dict[str, Any]:
    """The user's vacation figures of ``year`` (absence.vacation)."""
    return vacation_figures.vacation(session, user_id, year, as_of)


def check_user(session: Session, principal: Principal, user_id: int) -> None:
    """404 unless ``user_id`` is someone the principal sees (and exists)."""
    policy.check_owner(principal, user_id, "User")
    _zone(session, user_id)


def usernames(session: Session, user_ids: Collection[int]) -> dict[int, str]:
    return {row.id: row.username for row in repository.users(session, user_ids)} if user_ids else {}


def awaiting(session: Session, submitted_before: int) -> list[Any]:
    """Requests submitted before ``submitted_before`` and still undecided (for reminders):
    (id, user_id, username, start_date, end_date, type name, submitted_at) each."""
    return repository.awaiting(session, submitted_before)
