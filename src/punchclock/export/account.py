"""The account export: everything a user owns, as one JSON document (for backups and GDPR requests).

Notes:
Projects, clients and tasks are shared by the team, not owned; the export carries the ones the
user's entries refer to, by name, so ``punchclock import punchclock`` can match or recreate them on
another server. Token secrets are never stored, so tokens are listed without them. Entries are
streamed last, page by page, so the document may be any size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.db import Database
from punchclock.export import repository, service
from punchclock.export.repository import EntryScope
from punchclock.kit.tabular import json_chunks
from punchclock.kit.timeutil import iso, now_ts
from punchclock.project import visibility
from punchclock.report import grouped
from punchclock.user import service as user_service
from punchclock.worktime import service as worktime_service

FORMAT = "punchclock-account"
VERSION = 1


def _money(value: Any) -> float | None:
    return float(value) if value is not None else None


def _project(p: Any, principal: Principal) -> dict[str, Any]:
    """A project the user's entries are on. One that is private and that they no longer see (they
    were taken off it) keeps its name and client, what their entries show, and nothing more."""
    shown = {"name": p.Project.name, "client": p.client}
    if not visibility.sees(principal.projects, p.Project):
        return shown
    return {
        **shown,
        "hourly_rate": _money(p.Project.hourly_rate),
        "billable": p.Project.billable,
        "estimated_hours": p.Project.estimated_hours,
        "status": p.Project.status,
        "color": p.Project.color,
        "description": p.Project.description,
    }


def head(session: Session, principal: Principal) -> dict[str, Any]:
    """Everything but the entries, read in one transaction."""
    user = user_service.get(session, principal.user_id)
    clients, projects, tasks = repository.referenced(session, user.id)
    settings = []
    for s in repository.settings(session, user.id):
        try:
            value = orjson.loads(s.value)
        except orjson.JSONDecodeError:
            value = s.value
        settings.append({"key": s.key, "value": value, "mt": s.mt})
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(now_ts()),
        "user": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "role": user.role,
            "timezone": user.timezone,
            "week_start": user.week_start,
            "created_at": iso(user.created_at),
        },
        "settings": settings,
        "clients": [
            {
                "name": c.Client.name,
                "email": c.Client.email,
                "company": c.Client.company,
                "default_hourly_rate": _money(c.Client.default_hourly_rate),
                "status": c.Client.status,
            }
            for c in clients
        ],
        "projects": [_project(p, principal) for p in projects],
        "tasks": [{"name": t.Task.name, "project": t.project, "status": t.Task.status} for t in tasks],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "scopes": t.scopes.split(),
                "created_at": iso(t.created_at),
                "expires_at": iso(t.expires_at),
                "revoked_at": iso(t.revoked_at),
            }
            for t in repository.tokens(session, user.id)
        ],
        # Working time: what was expected of the person, and the adjustments to their balance.
        "work_models": [_bare(m) for m in worktime_service.models_of(session, None, user.id)],
        "work_adjustments": [_bare(a) for a in worktime_service.adjustments_of(session, None, user.id)],
    }


def _bare(row: dict[str, Any]) -> dict[str, Any]:
    """A working-time row without the ids that mean nothing outside this server."""
    return {k: v for k, v in row.items() if k not in ("id", "user_id", "created_by")}


def export(db: Database, principal: Principal, top: dict[str, Any]) -> Iterator[bytes]:
    cal = db.call(grouped.reader, principal, write=False)
    plan = service.EntryPlan(EntryScope(user_ids=(principal.user_id,)), cal.zone, cal.zone_name)
    header = service.ENTRY_HEADER
    rows = (dict(zip(header, row, strict=True)) for row in service.entry_rows(db, plan))
    return json_chunks("time_entries", rows, top)
