"""The startup answer's parts, each from its own feature's service, each only with the scope that
reads it on its own endpoint (a narrow token gets fewer parts, never more)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.approval import workspace as approval_workspace
from punchclock.auth.scopes import Principal
from punchclock.client import service as client_service
from punchclock.entry import service as entry_service
from punchclock.kit.pagination import Page
from punchclock.preset import service as preset_service
from punchclock.project import service as project_service
from punchclock.reminder import service as reminder_service
from punchclock.setting import service as setting_service
from punchclock.task import service as task_service
from punchclock.user import service as user_service
from punchclock.worktime import settings as worktime_settings

# Lists longer than this are marked incomplete; the app then pages through their own endpoints.
LIST_LIMIT = 2000
RECENT = 100


def lists(session: Session, principal: Principal) -> dict[str, Any]:
    """The user, their settings, and the projects, tasks and clients, in one transaction."""
    scopes = principal.scopes
    out: dict[str, Any] = {"complete": {}}
    if "read:users" in scopes:
        out["user"] = user_service.get_dict(session, principal.user_id)
        out["settings"] = setting_service.get_settings(session, principal.user_id)
        out["workspace"] = setting_service.workspace(session)
    if "read:time_entries" in scopes:
        out["presets"] = preset_service.list_dicts(session, principal)
        out["signoff"] = approval_workspace.own_locks(session, principal)
        out["attendance"] = worktime_settings.attendance_on(session)  # the timer bar's workday card
        out["unread_notifications"] = reminder_service.unread_count(session, principal.user_id)
    page = Page(1, LIST_LIMIT)
    seen = principal.projects  # private projects: only those the caller sees
    parts = (
        (
            "projects",
            "read:projects",
            lambda: project_service.list_projects(session, page, None, None, None, seen),
        ),
        ("tasks", "read:tasks", lambda: task_service.list_tasks(session, page, None, None, seen)),
        ("clients", "read:clients", lambda: client_service.list_clients(session, page, None)),
    )
    for key, scope, read in parts:
        if scope in scopes:
            items, total = read()
            out[key] = items
            out["complete"][key] = total <= len(items)
    return out


def entries(rows: Any, principal: Principal, start: int | None, end: int | None) -> dict[str, Any]:
    """The caller's running timer, latest entries and (with a range) the period's entries, from the
    hot reader (run by Database.read_hot)."""
    out: dict[str, Any] = {"complete": {}}
    out["timer"] = entry_service.timer_status(rows, principal)
    latest = entry_service.EntryFilter((principal.user_id,), None, None, None, None, None, True)
    out["recent"], _ = entry_service.list_entries(rows, principal, latest, Page(1, RECENT))
    if start is not None or end is not None:
        out["entries"], out["complete"]["entries"] = _period(rows, principal, start, end)
    return out


def period(rows: Any, principal: Principal, start: int | None, end: int | None) -> bytes:
    """The caller's entries in a range, running ones included, in one answer (up to LIST_LIMIT)."""
    items, complete = _period(rows, principal, start, end)
    return orjson.dumps({"entries": items, "complete": complete})


def _period(rows: Any, principal: Principal, start: int | None, end: int | None) -> tuple[list[Any], bool]:
    f = entry_service.EntryFilter((principal.user_id,), None, None, start, end, None, True)
    items, total = entry_service.list_entries(rows, principal, f, Page(1, LIST_LIMIT))
    return items, total <= len(items)


def merge(first: dict[str, Any], second: dict[str, Any]) -> bytes:
    complete = {**first.pop("complete"), **second.pop("complete")}
    return orjson.dumps({**first, **second, "complete": complete})
