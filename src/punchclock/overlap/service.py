"""The overlap rule, one place for every write path (REST and the timer, the timesheet grid, the
TimeTagger sync push, imports; the CLI and the web app through REST).

Notes:
``allow`` (the default) keeps today's behaviour: overlaps are saved, and the web app and the CLI
point them out. ``warn`` saves too and says so in the answer (``"overlaps": [ids]``). ``forbid``
refuses the write with 409 ``overlap`` naming the entry it would overlap. Like the period lock, the
rule is read from the user's sync row by the stamp every write takes first (punchclock.sync.stamp),
so ``allow`` costs no query; the other two cost one indexed query per write. Only entries already
stored count: records of one sync push or one import are not compared with each other.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from punchclock.errors import Conflict, ValidationFailed
from punchclock.kit.timeutil import iso, now_ts
from punchclock.overlap import repository
from punchclock.setting import server
from punchclock.sync import stamp

RULES = ("allow", "warn", "forbid")
KEY = "workspace.overlap_rule"


class Overlap(Conflict):
    code = "overlap"
    title = "Overlapping entries"


def workspace_rule(session: Session) -> str:
    return server.value(session, KEY) or "allow"


def set_workspace_rule(session: Session, rule: str, user_ids: list[int]) -> None:
    """The rule for everybody (``user_ids``: every user), under their sync locks."""
    if rule not in RULES:
        raise ValidationFailed("overlap_rule: must be allow, warn or forbid", field="overlap_rule")
    stamp.hold(session, user_ids)
    number = RULES.index(rule)
    stamp.set_fences(session, [{"uid": uid, "overlap_rule": number} for uid in user_ids])
    server.put(session, KEY, rule)


def refusal(
    session: Session, user_id: int, start: int, end: int | None, exclude_id: int | None = None
) -> tuple[Overlap | None, list[int]]:
    """(the refusal under ``forbid``, or None; the overlapped ids under ``warn``)."""
    gate = stamp.fence(session, user_id)
    if gate is None or gate.overlap_rule == 0:
        return None, []
    now = now_ts()
    hi = end if end is not None else max(now, start + 1)
    found = repository.neighbours(session, user_id, start, hi, exclude_id, now)
    if not found:
        return None, []
    if gate.overlap_rule == 2:
        other = found[0]
        return Overlap(
            f"It overlaps #{other.id} ({iso(other.start_at)} to {iso(other.end_at) or 'now'}); "
            "overlapping entries are not allowed here",
            conflict={"id": other.id, "start_time": iso(other.start_at), "end_time": iso(other.end_at),
                      "notes": other.notes},
        ), []  # fmt: skip
    return None, [row.id for row in found]


def check(
    session: Session, user_id: int, start: int, end: int | None, exclude_id: int | None = None
) -> list[int]:
    """Raise Overlap under ``forbid``; under ``warn`` the ids overlapped (else [])."""
    refused, ids = refusal(session, user_id, start, end, exclude_id)
    if refused is not None:
        raise refused
    return ids


def flagged(result: dict[str, Any], ids: list[int]) -> dict[str, Any]:
    if ids:
        result["overlaps"] = ids
    return result
