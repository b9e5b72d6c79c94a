"""Saved reports: a user's named filter sets, checked as the report itself checks them.

Notes:
A saved report is checked when saved with the same rules as /reports/grouped (grouping,
rounding, dates, and who may see whose time), so opening it never fails for a reason that was
there when it was saved; ids of projects or people removed later simply match nothing. Names are
unique per user whatever their case ("Acme monthly" and "acme monthly" would be confused in a
picker); the database's unique key backs that up for exact duplicates.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import SavedReport
from punchclock.report import grouped
from punchclock.savedreport import repository

MAX_PER_USER = 200


def to_dict(report: SavedReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "name": report.name,
        "filters": orjson.loads(report.filters),
        "created_at": iso(report.created_at),
        "updated_at": iso(report.updated_at),
    }


def list_dicts(session: Session, principal: Principal) -> list[dict[str, Any]]:
    return [to_dict(r) for r in repository.list_for(session, principal.user_id)]


def _own(session: Session, principal: Principal, report_id: int) -> SavedReport:
    found = repository.find(session, principal.user_id, report_id)
    if found is None:
        raise NotFound("No such saved report")
    return found


def get_dict(session: Session, principal: Principal, report_id: int) -> dict[str, Any]:
    return to_dict(_own(session, principal, report_id))


def check_filters(principal: Principal, filters: dict[str, Any]) -> str:
    """The filters as stored JSON, once the report would accept them (400, or 403 for others' time)."""
    start, end = filters.get("start_date"), filters.get("end_date")
    if filters.get("period") == "custom" and (start is None or end is None):
        raise ValidationFailed("A custom period needs a start_date and an end_date", field="start_date")
    if start is not None and end is not None and end < start:
        grouped.fail_reversed()
    query = grouped.ReportQuery(
        group_by=filters["group_by"],
        sub_group_by=filters.get("sub_group_by"),
        user_ids=filters.get("user_ids"),
        rounding=filters["rounding"],
        rounding_minutes=filters["rounding_minutes"],
    )
    grouped.check(query, principal)
    return orjson.dumps(filters).decode()


def _check_name(session: Session, principal: Principal, name: str, report_id: int | None = None) -> None:
    same = repository.named(session, principal.user_id, name)
    if same is not None and same.id != report_id:
        raise Conflict(f"You already have a saved report named '{name}'", code="name_taken")


def create(session: Session, principal: Principal, name: str, filters: dict[str, Any]) -> dict[str, Any]:
    stored = check_filters(principal, filters)
    _check_name(session, principal, name)
    if repository.count(session, principal.user_id) >= MAX_PER_USER:
        raise Conflict(f"At most {MAX_PER_USER} saved reports each: delete some first", code="too_many")
    now = now_ts()
    report = SavedReport(user_id=principal.user_id, name=name, filters=stored, created_at=now, updated_at=now)
    return to_dict(repository.add(session, report))


def update(session: Session, principal: Principal, report_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Rename it, change its filters, or both."""
    report = _own(session, principal, report_id)
    if "name" in changes:
        _check_name(session, principal, changes["name"], report.id)
        report.name = changes["name"]
    if "filters" in changes:
        report.filters = check_filters(principal, changes["filters"])
    report.updated_at = now_ts()
    session.flush()
    return to_dict(report)


def delete(session: Session, principal: Principal, report_id: int) -> None:
    repository.remove(session, _own(session, principal, report_id))
