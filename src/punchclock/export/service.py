"""Entry and report exports: validated up front (errors are JSON), then streamed page by page.

Notes:
An export can be a user's whole history, so it is never held in memory: entries are read in
pages of ``PAGE`` in (start, id) order, each page in its own short read transaction, and written
out as they come. Times are ISO 8601 in the reader's time zone with the offset
(``2026-11-16T09:00:00+01:00``), which spreadsheets show as local times and programs read exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.db import Database
from punchclock.export import repository
from punchclock.export.repository import EntryScope
from punchclock.kit.periods import midnight
from punchclock.kit.timeutil import now_ts
from punchclock.report import grouped
from punchclock.user import service as user_service

PAGE = 1000
ENTRY_HEADER = (
    "id", "key", "user", "start_time", "end_time", "duration_seconds", "hours", "project", "client",
    "task", "notes", "tags", "billable", "hourly_rate", "amount", "break_seconds",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class EntryPlan:
    scope: EntryScope
    zone: tzinfo
    zone_name: str


def plan_entries(
    session: Session,
    principal: Principal,
    start_date: str | None,
    end_date: str | None,
    user_id: int | None,
    project_id: int | None,
    billable: bool | None,
    approval: str | None = None,
) -> EntryPlan:
    """Check the filters and rights (400/403) before a byte is streamed."""
    cal = grouped.reader(session, principal)
    start = grouped.parse_date(start_date, "start_date")
    end = grouped.parse_date(end_date, "end_date")
    if start is not None and end is not None and end < start:
        grouped.fail_reversed()
    scope = EntryScope(
        user_ids=policy.user_filter(principal, user_id),
        start=midnight(start, cal.zone) if start else None,
        end=midnight(end + timedelta(days=1), cal.zone) if end else None,
        project_id=project_id,
        billable=billable,
        approval=approval,
    )
    return EntryPlan(scope, cal.zone, cal.zone_name)


def local_iso(ts: int | None, zone: tzinfo) -> str:
    return datetime.fromtimestamp(ts, zone).isoformat() if ts is not None else ""


def entry_row(row: Any, zone: tzinfo) -> list[Any]:
    # Worked time: a break inside the span is not (it is its own column, last so older readers of
    # the export keep their column positions).
    duration = row.end_at - row.start_at - row.break_seconds if row.end_at is not None else None
    rate = Decimal(row.rate) if row.rate is not None else None
    amount = None
    if duration is not None and rate is not None and row.billable:
        amount = float(round(rate * duration / 3600, 2))
    return [
        row.id, row.sync_key, row.username, local_iso(row.start_at, zone), local_iso(row.end_at, zone),
        duration, round(duration / 3600, 2) if duration is not None else None,
        row.project or "", row.client or "", row.task or "", row.notes, row.tags, bool(row.billable),
        float(rate) if rate is not None else None, amount, row.break_seconds,
    ]  # fmt: skip


def entry_rows(db: Database, plan: EntryPlan, page: int = PAGE) -> Iterator[list[Any]]:
    after = (-1, 0)
    while True:
        rows = db.call(repository.page_after, plan.scope, after, page, write=False)
        for row in rows:
            yield entry_row(row, plan.zone)
        if len(rows) < page:
            return
        after = (rows[-1].start_at, rows[-1].id)


def report_table(
    session: Session, principal: Principal, q: grouped.ReportQuery
) -> tuple[list[str], list[Any]]:
    """A grouped report as a flat table (it is small: groups, not entries)."""
    return grouped.table(grouped.grouped(session, principal, q))


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export holds, for the audit log: its kind, format, whose data (None: everyone's) and
    dates as asked."""

    what: str  # time_entries, report, timesheet
    format: str
    user_ids: Sequence[int] | None
    start_date: str | None = None
    end_date: str | None = None

    def includes_others(self, principal: Principal) -> bool:
        """Whether it reaches past the caller's own data."""
        ids = self.user_ids
        return principal.sees_everyone and (not ids or set(ids) != {principal.user_id})


def record_export(session: Session, principal: Principal, export: Exported, address: str) -> None:
    ids = list(export.user_ids) if export.user_ids else None
    detail = {"what": export.what, "format": export.format, "user_ids": ids,
              "start_date": export.start_date, "end_date": export.end_date}  # fmt: skip
    target = ids[0] if ids and len(ids) == 1 else None
    if target is not None and user_service.find(session, target) is None:
        target = None  # asked for someone who is not there: the record keeps the id in its detail
    audit_service.record(
        session,
        "export.others",
        actor_id=principal.user_id,
        target_user_id=target,
        address=address,
        detail=detail,
    )


async def note_export(db: Database, principal: Principal, export: Exported, address: str) -> None:
    """Audit an export of other people's data (``export.others``) once it is checked, before a byte
    goes out. Exports of one's own data write nothing."""
    if export.includes_others(principal):
        await db.write(record_export, principal, export, address)


def stamp() -> str:
    return datetime.fromtimestamp(now_ts()).strftime("%Y%m%d-%H%M%S")
