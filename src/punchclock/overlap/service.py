"""The overlap rule, one place for every write path (REST and the timer, the timesheet grid, the
TimeTagger sync push, imports; the CLI and the web app through REST).

Notes:
``allow`` (the default) keeps today's behaviour: overlaps are saved, and the web app and the CLI
point them out. ``warn`` saves too and says so in the answer (``"overlaps": [ids]``). ``forbid``
refuses the write with 409 ``overlap`` naming the entry it would overlap. Like the period lock, the
rule is read from the user's sync row by the stamp every write takes first (punchclock.sync.stamp),
so ``allow`` costs no query; the other two cost one indexed query per write. Only entries already
stored count: records of one sync push or one import are not compared with each other.

A team may set a rule of its own (``teams.overlap_rule``; NULL: the workspace's). A user's rule is
the strictest their teams set, else the workspace's: a team's rule stands over the workspace's
either way (a team may allow what the workspace forbids), and among teams the strictest wins, so no
laxer team undoes one that forbids. Every change that can move someone's rule (a
team's rule, a team deleted, a member added or removed, the workspace's rule) calls ``refresh`` for
the people it touches. It takes their sync locks first and only then reads teams and the setting:
on PostgreSQL (read committed) each statement sees what committed before it, so two changes made at
once (a team's rule and a member joining it) leave every row right, whichever commits first. Team
changes also lock their team's row (team.service), which orders a rule change and a membership
change of one team.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy.orm import Session

from punchclock.errors import Conflict, ValidationFailed
from punchclock.kit.timeutil import iso, now_ts
from punchclock.overlap import repository
from punchclock.setting import server
from punchclock.sync import stamp

RULES = ("allow", "warn", "forbid")  # laxest first: the index is the number sync_state keeps
KEY = "workspace.overlap_rule"


class Overlap(Conflict):
    code = "overlap"
    title = "Overlapping entries"


def workspace_rule(session: Session) -> str:
    return server.value(session, KEY) or "allow"


def checked(rule: str | None, field: str = "overlap_rule") -> str | None:
    """``rule`` if it is one (None passes: a team without a rule of its own)."""
    if rule is not None and rule not in RULES:
        raise ValidationFailed(f"{field}: must be allow, warn or forbid", field=field)
    return rule


def set_workspace_rule(session: Session, rule: str, user_ids: list[int]) -> None:
    """The workspace's rule (``user_ids``: every user), for everyone whose teams set none."""
    checked(rule)
    ordered = sorted(set(user_ids))
    stamp.hold(session, ordered)
    server.put(session, KEY, rule)
    _write(session, ordered)


def rules_of(session: Session, user_ids: Collection[int]) -> dict[int, str]:
    """Each user's rule: the strictest of those their teams set, else the workspace's."""
    workspace = workspace_rule(session)
    ranks = {rule: number for number, rule in enumerate(RULES)}
    teams = repository.team_rules(session, user_ids, ranks)
    return {uid: RULES[teams[uid]] if uid in teams else workspace for uid in user_ids}


def refresh(session: Session, user_ids: Iterable[int]) -> None:
    """Bring these users' rule up to date with their teams and the workspace, under their sync locks."""
    ordered = sorted(set(user_ids))
    if ordered:
        stamp.hold(session, ordered)
        _write(session, ordered)


def _write(session: Session, ordered: list[int]) -> None:
    # The callers hold the users' locks: what is read here is what committed before them.
    rules = rules_of(session, ordered)
    stamp.set_fences(session, [{"uid": uid, "overlap_rule": RULES.index(rules[uid])} for uid in ordered])


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
