"""Clock in and out (TimeTracker's attendance and workday routes): the timer under another name.

Notes:
A workday is a timer entry without a project (``source='workday'``): clocking in starts it through
the timer (punchclock.entry.service.start_timer), a break pauses it and ends on resume
(punchclock.entry.pause, the pause joining the entry's ``break_seconds``), clocking out stops it.
So the period lock, history, TimeTagger sync, events and webhooks, reports and balances apply
unchanged, and there is no second record of attendance to disagree with the entries. Attendance
is "a timer is running": a project timer counts as being at work too, so clocking in while any
timer runs (or is paused) is ``workday_already_active``, and clocking out stops whatever runs.

The workspace switch (``workspace.attendance``, punchclock.worktime.settings) is off by default;
then every route answers 403 ``module_disabled``, as TimeTracker does for a module an administrator
turned off (its apps hide the workday card or show "Attendance unavailable"). TimeTracker's refusals
are 400 with its ``error_code``s; a lock refusal stays Punchclock's 409 ``period_locked``.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import workspace as approval_workspace
from punchclock.attendance import repository, shapes
from punchclock.attendance.shapes import WORKDAY, Span, break_of, period_of, session_of
from punchclock.auth.scopes import Principal
from punchclock.entry import pause as entry_pause
from punchclock.entry import service as entry_service
from punchclock.errors import AppError, BadRequest, ModuleDisabled
from punchclock.kit.periods import date_number, local_day, midnight, split_days, today
from punchclock.kit.timeutil import TimeParseError, now_ts, parse_instant
from punchclock.worktime import settings
from punchclock.worktime import targets as worktime_targets


def check_enabled(db: Session) -> None:
    """403 module_disabled unless the workspace has attendance on."""
    if not settings.attendance_on(db):
        raise ModuleDisabled("Attendance is not available on this server", code="module_disabled")


def _refused(message: str, code: str) -> BadRequest:
    return BadRequest(message, code=code)


def _running(db: Session, principal: Principal) -> Span | None:
    row = repository.running(db, principal.user_id)
    return Span.of(row) if row is not None else None


def _reread(db: Session, entry_id: int) -> Span:
    row = repository.entry(db, entry_id)
    assert row is not None  # written in this transaction
    return Span.of(row)


def status(db: Session, principal: Principal) -> dict[str, Any]:
    """Whether the caller is at work or on a break, and today's record."""
    check_enabled(db)
    now = now_ts()
    zone = entry_service.zone_of(principal)
    running = _running(db, principal)
    on_break = running is not None and running.paused is not None
    days = _days(db, principal, 0, now)
    return {
        "work_active": running is not None,
        "break_active": on_break,
        "work_period": period_of(running, local_day(running.start, zone), now) if running else None,
        "break": _going_break(running, zone) if running is not None and on_break else None,
        "today": days[0],
    }


def workday_status(db: Session, principal: Principal) -> dict[str, Any]:
    check_enabled(db)
    running = _running(db, principal)
    return {"active": running is not None, "session": session_of(running, now_ts()) if running else None}


def start_workday(db: Session, principal: Principal, notes: str | None) -> dict[str, Any]:
    """Clock in: start a timer without a project (400 workday_already_active while any timer runs)."""
    check_enabled(db)
    try:
        started = entry_service.start_timer(db, principal, {"notes": notes or ""}, source=WORKDAY)
    except AppError as exc:
        if exc.code != "timer_already_running":
            raise
        raise _refused("A workday is already active (a timer is running)", "workday_already_active") from exc
    return {"session": session_of(_reread(db, started["id"]), now_ts())}


def end_workday(db: Session, principal: Principal, notes: str | None, end_time: str | None) -> dict[str, Any]:
    """Clock out: stop the running timer (on a break: it ended when the break began)."""
    check_enabled(db)
    if _running(db, principal) is None:
        raise _refused("No active workday", "no_active_workday")
    try:
        stopped = entry_service.stop_timer(db, principal, end_time)
    except AppError as exc:
        if exc.code != "no_active_timer":
            raise
        raise _refused("No active workday", "no_active_workday") from exc
    if notes:
        entry_service.update(db, principal, stopped["id"], {"notes": notes})
    return {"session": session_of(_reread(db, stopped["id"]), now_ts())}


def start_break(db: Session, principal: Principal, break_type: str) -> dict[str, Any]:
    """Pause the running timer (400 no_active_workday, break_already_active)."""
    check_enabled(db)
    running = _running(db, principal)
    if running is None:
        raise _refused("Start work before taking a break", "no_active_workday")
    if running.paused is not None:
        raise _refused("A break is already active", "break_already_active")
    try:
        entry_pause.pause_timer(db, principal)
    except AppError as exc:  # a stop or pause that came in between
        if exc.code == "invalid_state":
            raise _refused("A break is already active", "break_already_active") from exc
        if exc.code == "no_active_timer":
            raise _refused("Start work before taking a break", "no_active_workday") from exc
        raise
    paused = _reread(db, running.id)
    zone = entry_service.zone_of(principal)
    return {"break": _going_break(paused, zone, break_type)}


def end_break(db: Session, principal: Principal) -> dict[str, Any]:
    """Resume the paused timer; the break joins its break time (400 no_active_break)."""
    check_enabled(db)
    running = _running(db, principal)
    if running is None or running.paused is None:
        raise _refused("No active break", "no_active_break")
    try:
        entry_pause.resume_timer(db, principal)
    except AppError as exc:
        if exc.code in ("invalid_state", "no_active_timer"):
            raise _refused("No active break", "no_active_break") from exc
        raise
    resumed = _reread(db, running.id)
    began = running.paused
    ended = began + max(resumed.breaks - running.breaks, 0)
    zone = entry_service.zone_of(principal)
    return {"break": break_of(resumed, local_day(began, zone), began, ended)}


def history(db: Session, principal: Principal, days: int) -> dict[str, Any]:
    """The caller's days from ``days`` ago to today, newest first: days with time or a holiday."""
    check_enabled(db)
    now = now_ts()
    records = [r for r in _days(db, principal, days, now) if r["work_periods"] or r["status"] == "holiday"]
    end = today(entry_service.zone_of(principal), now)
    return {
        "records": records,
        "start_date": (end - timedelta(days=days)).isoformat(),
        "end_date": end.isoformat(),
    }


def _going_break(span: Span, zone: Any, break_type: str = "rest") -> dict[str, Any] | None:
    if span.paused is None:
        return None
    return break_of(span, local_day(span.paused, zone), span.paused, None, break_type)


def _days(db: Session, principal: Principal, back: int, now: int) -> list[dict[str, Any]]:
    """Day records from ``back`` days ago to today in the caller's zone, newest first (every day)."""
    zone = entry_service.zone_of(principal)
    last = today(zone, now)
    first = last - timedelta(days=back)
    lo, hi = midnight(first, zone), midnight(last + timedelta(days=1), zone)
    spans = [Span.of(r) for r in repository.reaching(db, principal.user_id, lo, hi, now)]
    sums = shapes.totals(spans, zone, now)
    user_id = principal.user_id
    targets = worktime_targets.day_targets(db, [user_id], first, last)[user_id]
    lock_of = _locks(db, principal, zone)
    by_day: dict[int, list[Span]] = {}
    for span in spans:
        touched = {d for d, _, _ in split_days(span.start, span.until(now), zone)}
        for d in touched or {local_day(span.start, zone)}:
            by_day.setdefault(d, []).append(span)
    out = []
    for offset in range(back + 1):
        day = last - timedelta(days=offset)
        number = date_number(day)
        target = targets[day]
        seconds = sums.get(number, (0, 0))
        mine = by_day.get(number, [])
        periods = [period_of(s, local_day(s.start, zone), now) for s in mine]
        going = [b for s in mine if (b := _going_break(s, zone)) and b["attendance_day_id"] == number]
        state = shapes.status_of(bool(mine), seconds[0], target.seconds, target.holiday is not None)
        out.append(shapes.day_record(user_id, number, state, seconds, periods, going, lock_of(day)))
    return out


def _locks(db: Session, principal: Principal, zone: tzinfo) -> Any:
    """day -> (the caller's timesheet period holding it, whether the day is locked: inside an
    approved or closed period, or before the workspace's lock date)."""
    found = approval_workspace.own_locks(db, principal)
    try:
        before = parse_instant(found["locked_before"], zone) if found.get("locked_before") else None
    except TimeParseError:
        before = None
    spans = [
        (date.fromisoformat(p["period_start"]), date.fromisoformat(p["period_end"]), p["id"], p["is_locked"])
        for p in found["periods"]
    ]

    def lock_of(day: date) -> tuple[int | None, bool]:
        held = next(((pid, locked) for first, last, pid, locked in spans if first <= day <= last), None)
        early = before is not None and midnight(day, zone) < before
        return (held[0] if held else None, bool(early or (held and held[1])))

    return lock_of
