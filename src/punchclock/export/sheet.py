"""What the printable timesheet shows: the grouped report as on screen, and every entry of it per day.

Notes:
Both come from one read, through the report's own code (grouped.grouped for the figures,
report.entries for the entries and the seconds each counts on each day), so the PDF's figures are
the API's: its groups, the totals, and day rows that add up to them. A timesheet lists at most
``MAX_ENTRIES`` entries; a longer one would be hundreds of pages nobody reads, and is refused
(400) with a hint to narrow it down.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.client import service as client_service
from punchclock.errors import NotFound
from punchclock.export import repository
from punchclock.kit.tags import tag_list
from punchclock.kit.timeutil import now_ts
from punchclock.project import visibility
from punchclock.report import entries, grouped
from punchclock.report.grouped import ReportQuery
from punchclock.user import service as user_service

MAX_ENTRIES = 5000
ROUNDING = {"up": "rounded up", "down": "rounded down", "nearest": "rounded"}


@dataclass(frozen=True, slots=True)
class Line:
    person: str
    project: str
    task: str
    description: str
    tags: list[str]
    seconds: int


@dataclass
class Sheet:
    start: date
    end: date
    report: dict[str, Any]  # grouped.grouped's answer: the figures as on screen
    facts: list[tuple[str, str]]  # (label, value) under the title: client, person, filters
    days: list[tuple[date, list[Line]]] = field(default_factory=list)
    team: bool = False  # more than one person's time: the rows name whose it is
    generated_at: int = 0


def _person(session: Session, principal: Principal, q: ReportQuery) -> tuple[str, bool]:
    """Whose time the sheet holds, and whether it may be several people's."""
    ids = policy.users_filter(principal, q.user_ids) or ()
    if len(ids) == 1:
        try:
            user = user_service.get(session, ids[0])
        except NotFound:
            return f"User {ids[0]}", False
        return user.display_name or user.username, False
    return ("Everyone" if not ids else f"{len(ids)} people"), True


def _facts(session: Session, principal: Principal, q: ReportQuery, person: str) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []
    if q.client_ids and len(q.client_ids) == 1:
        with suppress(NotFound):  # deleted meanwhile: the sheet goes without the line
            facts.append(("Client", client_service.get(session, q.client_ids[0]).name))
    facts.append(("Person", person))
    seen = visibility.visible(principal.projects)  # a private project's id names nothing
    names = repository.names(session, q.project_ids or (), q.task_ids or (), seen)
    if q.project_ids:
        facts.append(("Projects", ", ".join(names["projects"]) or "none"))
    if q.task_ids:
        facts.append(("Tasks", ", ".join(names["tasks"]) or "none"))
    if q.tags:
        facts.append(("Tags", ", ".join(f"#{t.lstrip('#')}" for t in q.tags)))
    if q.billable is not None:
        facts.append(("Entries", "billable only" if q.billable else "non-billable only"))
    if q.rounding != "none":
        facts.append(("Rounding", f"each day's time {ROUNDING[q.rounding]} to {q.rounding_minutes} min"))
    return facts


def build(session: Session, principal: Principal, q: ReportQuery) -> Sheet:
    """Everything the timesheet shows (400/403 as the report itself; 400 past MAX_ENTRIES)."""
    repository.snapshot(session)  # the figures and the rows from one view of the data
    report = grouped.grouped(session, principal, q)
    lines = entries.day_lines(session, principal, q, MAX_ENTRIES)
    # Whose time it is: the one person whose entries these are, else the people asked for.
    people = sorted({row.user for _, row, _ in lines})
    if len(people) == 1:
        person, team = people[0], False
    elif people:
        person, team = (", ".join(people) if len(people) <= 3 else f"{len(people)} people"), True
    else:
        person, team = _person(session, principal, q)
    sheet = Sheet(
        start=date.fromisoformat(report["start_date"]),
        end=date.fromisoformat(report["end_date"]),
        report=report,
        facts=_facts(session, principal, q, person),
        team=team,
        generated_at=now_ts(),
    )
    by_day: dict[date, list[Line]] = {}
    for day, row, seconds in lines:
        notes = " ".join(row.notes.split())
        line = Line(row.user, row.project or "No project", row.task or "", notes, tag_list(row.tags), seconds)
        by_day.setdefault(day, []).append(line)
    sheet.days = sorted(by_day.items())
    return sheet


def group_title(dim: str | None) -> str:
    return dim.capitalize() if dim else ""
