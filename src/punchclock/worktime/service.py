"""Working-time targets: each user's work models over time, and manual balance adjustments.

Notes:
A work model says how many seconds a user is expected to work on each weekday from ``valid_from``
on, until their next model starts; the first one starts their running balance. Adjustments move a
balance or a vacation allowance on a day (an opening balance, a payout) with a reason, and are
audited, as is every change of a model.

Targets are frozen where entries are: a model or adjustment dated in the owner's signed-off time or
before the workspace's lock date would change a balance somebody signed, so it is refused (409
period_locked). The check is the entries' own rule (approval.lock) under the owner's sync stamp, so
an approval committing meanwhile is serialised with the write; a date counts as the span from its
midnight in the owner's zone onwards, because a target change moves every later balance too.

Everyone reads their own; managers and admins read those they see (404 outside, as for entries);
only admins write (the endpoints require admin:all).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.approval import lock
from punchclock.audit import service as audit_service
from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.holiday import service as holiday_service
from punchclock.kit.periods import midnight
from punchclock.kit.timeutil import get_zone, iso, now_ts
from punchclock.models import WorkAdjustment, WorkModel
from punchclock.models.work_model import WEEKDAYS
from punchclock.sync import stamp
from punchclock.user import service as user_service
from punchclock.worktime import repository

FIRST_DAY, LAST_DAY = date(1970, 1, 2), date(2100, 12, 31)
REQUIRED = ("valid_from", "weekday_seconds", "vacation_days")  # a model always has them: no null


def model_dict(row: WorkModel) -> dict[str, Any]:
    return {"id": row.id, "user_id": row.user_id, "valid_from": row.valid_from.isoformat(),
            "weekday_seconds": row.weekday_seconds, "holiday_calendar": row.holiday_calendar,
            "vacation_days": row.vacation_half_days / 2}  # fmt: skip


def adjustment_dict(row: WorkAdjustment) -> dict[str, Any]:
    return {"id": row.id, "user_id": row.user_id, "date": row.day.isoformat(), "kind": row.kind,
            "balance_seconds": row.balance_seconds, "vacation_days": row.vacation_half_days / 2,
            "reason": row.reason, "created_by": row.created_by,
            "created_at": iso(row.created_at)}  # fmt: skip


def _owner(session: Session, principal: Principal | None, user_id: int) -> str:
    """The zone of a user the principal sees (404 otherwise, or when there is no such user)."""
    if principal is not None:
        policy.check_owner(principal, user_id, "User")
    user = user_service.find(session, user_id)
    if user is None:
        raise NotFound("User not found")
    return user.timezone


def _check_day(day: date, field: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationFailed(f"{field}: must be from {FIRST_DAY} to {LAST_DAY}", field=field)


def _check_open(session: Session, user_id: int, zone: str, *days: date) -> None:
    """409 period_locked when a target change from any of ``days`` on reaches locked time."""
    stamp.stamp(session, user_id)
    tz = get_zone(zone)
    lock.check_open(session, user_id, *((midnight(d, tz), None) for d in days))


def _audit(session: Session, action: str, actor_id: int | None, user_id: int, detail: dict[str, Any]) -> None:
    audit_service.record(session, action, actor_id=actor_id, target_user_id=user_id, detail=detail)


def _model_detail(row: WorkModel) -> dict[str, Any]:
    detail = model_dict(row)
    detail["weekly_hours"] = round(sum(row.weekday_seconds) / 3600, 2)
    return {"model_id": detail.pop("id"), **{k: v for k, v in detail.items() if k != "user_id"}}


# Models


def models_of(session: Session, principal: Principal | None, user_id: int) -> list[dict[str, Any]]:
    """A user's models by ``valid_from``, oldest first."""
    _owner(session, principal, user_id)
    return [model_dict(m) for m in repository.models_of(session, user_id)]


def _apply(row: WorkModel, data: dict[str, Any]) -> None:
    if "weekday_seconds" in data:
        for day, seconds in zip(WEEKDAYS, data["weekday_seconds"], strict=True):
            setattr(row, day, seconds)
    if "holiday_calendar" in data:
        calendar = data["holiday_calendar"]
        row.holiday_calendar = holiday_service.checked(calendar) if calendar is not None else None
    if "vacation_days" in data:
        row.vacation_half_days = round(data["vacation_days"] * 2)


def _store(session: Session, row: WorkModel) -> None:
    # Two admins adding a model on the same day at once: the unique key decides.
    try:
        with session.begin_nested():
            repository.add(session, row)
    except IntegrityError as exc:
        raise _taken(row.valid_from) from exc


def _taken(day: date) -> Conflict:
    return Conflict(f"A work model from {day.isoformat()} exists already", code="work_model_exists")


def put_model(session: Session, actor_id: int | None, user_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Add a model from ``valid_from`` (409 work_model_exists when that day has one)."""
    zone = _owner(session, None, user_id)
    day = data["valid_from"]
    _check_day(day, "valid_from")
    _check_open(session, user_id, zone, day)
    if repository.model_on(session, user_id, day) is not None:
        raise _taken(day)
    now = now_ts()
    row = WorkModel(user_id=user_id, valid_from=day, created_by=actor_id, created_at=now, updated_at=now)
    _apply(row, {"vacation_days": 0.0, **data})
    _store(session, row)
    _audit(session, "work_model.created", actor_id, user_id, _model_detail(row))
    return model_dict(row)


def _get_model(session: Session, model_id: int) -> WorkModel:
    row = repository.get_model(session, model_id)
    if row is None:
        raise NotFound("Work model not found")
    return row


def update_model(
    session: Session, actor_id: int | None, model_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a model (``changes``: the fields sent); moving ``valid_from`` checks both days."""
    for field in REQUIRED:
        if field in changes and changes[field] is None:
            raise ValidationFailed(f"{field}: may not be null", field=field)
    row = _get_model(session, model_id)
    zone = _owner(session, None, row.user_id)
    day = changes.get("valid_from") or row.valid_from
    _check_day(day, "valid_from")
    _check_open(session, row.user_id, zone, row.valid_from, day)
    if day != row.valid_from and repository.model_on(session, row.user_id, day) is not None:
        raise _taken(day)
    row.valid_from = day
    _apply(row, changes)
    row.updated_at = now_ts()
    _store(session, row)
    _audit(session, "work_model.updated", actor_id, row.user_id, _model_detail(row))
    return model_dict(row)


def delete_model(session: Session, actor_id: int | None, model_id: int) -> None:
    row = _get_model(session, model_id)
    zone = _owner(session, None, row.user_id)
    _check_open(session, row.user_id, zone, row.valid_from)
    _audit(session, "work_model.deleted", actor_id, row.user_id, _model_detail(row))
    repository.delete(session, row)


# Adjustments


def adjustments_of(session: Session, principal: Principal | None, user_id: int) -> list[dict[str, Any]]:
    """A user's adjustments by date."""
    _owner(session, principal, user_id)
    return [adjustment_dict(a) for a in repository.adjustments_of(session, user_id)]


def _adjustment_detail(row: WorkAdjustment) -> dict[str, Any]:
    return {"adjustment_id": row.id, "day": row.day.isoformat(), "kind": row.kind,
            "balance_seconds": row.balance_seconds, "vacation_half_days": row.vacation_half_days,
            "reason": row.reason}  # fmt: skip


def adjust(session: Session, actor_id: int | None, user_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Record an adjustment of a balance and/or vacation (one of them must move)."""
    zone = _owner(session, None, user_id)
    day = data["date"]
    _check_day(day, "date")
    half_days = round(data.get("vacation_days", 0.0) * 2)
    seconds = data.get("balance_seconds", 0)
    if not seconds and not half_days:
        raise ValidationFailed(
            "An adjustment moves the balance or the vacation: balance_seconds or vacation_days is needed",
            code="nothing_to_adjust",
        )
    _check_open(session, user_id, zone, day)
    row = WorkAdjustment(user_id=user_id, day=day, kind=data["kind"], balance_seconds=seconds,
                         vacation_half_days=half_days, reason=data["reason"], created_by=actor_id,
                         created_at=now_ts())  # fmt: skip
    repository.add(session, row)
    _audit(session, "work_adjustment.created", actor_id, user_id, _adjustment_detail(row))
    return adjustment_dict(row)


def delete_adjustment(session: Session, actor_id: int | None, adjustment_id: int) -> None:
    row = repository.get_adjustment(session, adjustment_id)
    if row is None:
        raise NotFound("Work adjustment not found")
    zone = _owner(session, None, row.user_id)
    _check_open(session, row.user_id, zone, row.day)
    _audit(session, "work_adjustment.deleted", actor_id, row.user_id, _adjustment_detail(row))
    repository.delete(session, row)
