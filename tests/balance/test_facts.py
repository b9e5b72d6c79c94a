"""Day facts and day lines, pure: union of entries, midnight and DST cuts, breaks, rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from punchclock.balance.facts import fold
from punchclock.balance.rules import Absence, line, required_break
from punchclock.kit.periods import DaySplitter, offset_steps
from punchclock.worktime.targets import DayTarget, Holiday

BERLIN = ZoneInfo("Europe/Berlin")
H = 3600


def ts(text: str, zone=BERLIN) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp())


def facts(rows, min_piece=900, zone=BERLIN):
    lo = min(r[0] for r in rows)
    hi = max(r[1] for r in rows)
    splitter = DaySplitter(zone, offset_steps(zone, lo - 86400, hi + 86400))
    return fold(sorted(rows), splitter, min_piece)


def test_overlapping_entries_count_their_common_time_once():
    rows = [
        (ts("2026-11-16T09:00"), ts("2026-11-16T12:00"), 0),
        (ts("2026-11-16T11:00"), ts("2026-11-16T13:00"), 0),
        (ts("2026-11-16T09:30"), ts("2026-11-16T10:00"), 0),
    ]
    day = facts(rows)[date(2026, 11, 16)]
    assert (day.worked, day.breaks, day.entries) == (4 * H, 0, 2)
    assert (day.first_at, day.last_at) == (rows[0][0], rows[1][1])


def test_gaps_of_at_least_the_shortest_break_are_breaks_and_paused_time_too():
    rows = [
        (ts("2026-11-16T08:00"), ts("2026-11-16T12:00"), 600),  # 10 min paused
        (ts("2026-11-16T12:05"), ts("2026-11-16T13:00"), 0),  # 5 min gap: switching tasks
        (ts("2026-11-16T13:30"), ts("2026-11-16T17:00"), 0),  # 30 min gap: a break
    ]
    day = facts(rows)[date(2026, 11, 16)]
    assert day.breaks == 600 + 1800
    assert day.worked == 4 * H - 600 + 55 * 60 + 3.5 * H


def test_an_entry_over_midnight_counts_on_both_days_with_its_break_shared():
    rows = [(ts("2026-11-16T22:00"), ts("2026-11-17T02:00"), 1200)]
    got = facts(rows)
    assert got[date(2026, 11, 16)].worked == 2 * H - 600
    assert got[date(2026, 11, 17)].worked == 2 * H - 600


def test_daylight_saving_days_are_23_and_25_hours_long():
    fall = facts([(ts("2026-10-25T00:00"), ts("2026-10-26T00:00"), 0)])
    assert fall[date(2026, 10, 25)].worked == 25 * H
    spring = facts([(ts("2026-03-29T00:00"), ts("2026-03-29T04:00"), 0)])
    assert spring[date(2026, 3, 29)].worked == 3 * H  # 02:00-03:00 does not exist


def test_the_same_entries_fall_on_other_days_in_another_zone():
    york = ZoneInfo("America/New_York")
    rows = [
        (
            int(datetime(2026, 11, 17, 2, tzinfo=UTC).timestamp()),
            int(datetime(2026, 11, 17, 6, tzinfo=UTC).timestamp()),
            0,
        )
    ]
    assert set(facts(rows, zone=BERLIN)) == {date(2026, 11, 17)}
    assert {d: f.worked for d, f in facts(rows, zone=york).items()} == {
        date(2026, 11, 16): 3 * H,
        date(2026, 11, 17): H,
    }


RULES = {
    "rules": [{"after": 6 * H, "break_seconds": 1800}, {"after": 9 * H, "break_seconds": 2700}],
    "deduct": True,
}


def _target(seconds=8 * H, holiday=None):
    left = 0 if holiday and not holiday.half else seconds // 2 if holiday else seconds
    return DayTarget(model=seconds, seconds=left, holiday=holiday, calendar=None, has_model=True)


def test_the_largest_break_rule_that_applies_counts():
    assert required_break(RULES["rules"], 6 * H) == (0, 0)
    assert required_break(RULES["rules"], 6 * H + 1) == (1800, 6 * H)
    assert required_break(RULES["rules"], 10 * H) == (2700, 9 * H)


def test_a_deduction_never_goes_below_the_threshold_that_asked_for_it():
    from punchclock.balance.facts import DayFacts

    day = date(2026, 11, 16)
    short = line(day, _target(), DayFacts(worked=6 * H + 600), [], RULES)
    assert (short.violation, short.deducted, short.balance) == ("break_short", 600, -2 * H)
    long = line(day, _target(), DayFacts(worked=10 * H, breaks=1800), [], RULES)
    assert (long.required_break, long.deducted) == (2700, 900)
    flagged = line(day, _target(), DayFacts(worked=10 * H), [], {**RULES, "deduct": False})
    assert (flagged.violation, flagged.deducted) == ("break_short", 0)
    fine = line(day, _target(), DayFacts(worked=7 * H, breaks=1800), [], RULES)
    assert (fine.violation, fine.deducted) == (None, 0)


def test_absences_act_by_their_effect_on_what_is_left_of_the_target():
    day, none = date(2026, 11, 16), {"rules": []}
    vacation = Absence(1, "vacation", "worked", 1.0, "approved")
    assert (
        line(day, _target(), None, [vacation], none).credited,
        line(day, _target(), None, [vacation], none).balance,
    ) == (8 * H, 0)
    parental = line(day, _target(), None, [Absence(2, "parental", "excused", 1.0, "approved")], none)
    assert (parental.target, parental.credited, parental.balance) == (0, 0, 0)
    overtime = line(day, _target(), None, [Absence(3, "overtime", "balance", 1.0, "approved")], none)
    assert overtime.balance == -8 * H  # drawn from the balance
    half = line(day, _target(holiday=Holiday("Christmas Eve", True)), None,
                [Absence(4, "vacation", "worked", 0.5, "approved")], none)  # fmt: skip
    assert (half.target, half.credited, half.balance) == (4 * H, 4 * H, 0)
    asked = line(day, _target(), None, [Absence(5, "vacation", "worked", 1.0, "submitted")], none)
    assert (asked.credited, asked.balance) == (0, -8 * H)  # shown, not counted until approved
