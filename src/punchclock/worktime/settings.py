"""The workspace's working-time settings: holiday calendar, break rules, vacation carry-over and the
attendance switch, kept as server settings under ``workspace.*`` keys.

Notes:
Every reader gets the whole set with its defaults filled in, so a workspace that never opened the
settings page behaves as documented: no holiday calendar (company days only), no break rules,
remaining vacation carried over in full and kept, attendance off (TimeTracker's clients then show
"Attendance unavailable", as they do against a server without the module). Each change is audited.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.holiday import service as holiday_service
from punchclock.setting import server

PREFIX = "workspace."
DEFAULT_MIN_PIECE = 900  # a gap shorter than this between two entries is not a break
DEFAULTS: dict[str, Any] = {
    "holiday_calendar": None,
    "holiday_half_days": False,
    "break_rules": {"rules": [], "min_piece": DEFAULT_MIN_PIECE, "deduct": False},
    "vacation_carryover": None,  # null: everything left is carried over and kept
    "attendance": False,
}


def read(session: Session) -> dict[str, Any]:
    """Every working-time setting of the workspace, defaults filled in."""
    out = dict(DEFAULTS)
    for key, raw in server.values(session, [PREFIX + k for k in DEFAULTS]).items():
        out[key.removeprefix(PREFIX)] = orjson.loads(raw)
    return out


def attendance_on(session: Session) -> bool:
    raw = server.value(session, PREFIX + "attendance")
    return bool(orjson.loads(raw)) if raw is not None else False


def holiday_calendar(session: Session) -> str | None:
    raw = server.value(session, PREFIX + "holiday_calendar")
    return orjson.loads(raw) if raw is not None else None


def update(
    session: Session, changes: dict[str, Any], actor_id: int | None, address: str = ""
) -> dict[str, Any]:
    """Change some settings (already validated by their schema; a calendar the holiday package does
    not know is 400). Each changed key is audited with its old and new value."""
    before = read(session)
    if changes.get("holiday_calendar"):
        holiday_service.checked(changes["holiday_calendar"])
    for key, new in changes.items():
        if key not in DEFAULTS or before[key] == new:
            continue
        server.put(session, PREFIX + key, orjson.dumps(new).decode())
        audit_service.record(
            session, f"workspace.{key}", actor_id=actor_id, address=address,
            detail={"from": before[key], "to": new},
        )  # fmt: skip
    return read(session)
