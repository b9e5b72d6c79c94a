"""Toggl and Clockify files without end columns: the end is the start plus the duration.

Toggl Track's own CSV import format has Start date, Start time and Duration but no End date or End
time; Clockify's report carries Duration (h) and Duration (decimal). The fixture
toggl_import_format.csv follows Toggl's documented import columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from punchclock.errors import ValidationFailed
from punchclock.importer import formats, run, table
from punchclock.importer.rows import FormatError
from punchclock.importer.service import find_account
from punchclock.kit.timeutil import get_zone
from punchclock.user import service as user_service

FIXTURE = Path(__file__).parent.parent / "fixtures" / "imports" / "toggl_import_format.csv"
BERLIN = get_zone("Europe/Berlin")


def utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())  # type: ignore[misc]


@pytest.fixture
def alice(db):
    db.call(user_service.create, "alice", "password123", "member")
    return db.call(find_account, "alice", write=False)


def stored(db):
    with db.engine.connect() as conn:
        query = text("SELECT notes, start_at, end_at FROM time_entries ORDER BY start_at")
        return {r.notes: (r.start_at, r.end_at) for r in conn.execute(query)}


def test_the_import_format_lands_each_row_at_start_plus_duration_in_the_given_zone(db, alice):
    out = run.import_text(db, "toggl", FIXTURE.read_text(), alice, FIXTURE.name, "Europe/Berlin")
    assert (out.rows, out.imported, out.duplicates) == (10, 5, 0)
    assert stored(db) == {
        "Homepage mock-ups": (utc(2026, 11, 16, 8, 0), utc(2026, 11, 16, 9, 30)),
        "Review across midnight": (utc(2026, 11, 16, 22, 0), utc(2026, 11, 17, 0, 0)),
        # 01:30 CET plus two real hours is 04:30 CEST: the hour the clocks skip is not counted twice.
        "Night the clocks spring forward": (utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 2, 30)),
        # 02:30 happens twice that night; the first one (CEST) is taken, and the hour is a real hour.
        "Night the clocks fall back": (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)),
        "Long session": (utc(2026, 11, 17, 7, 0), utc(2026, 11, 17, 17, 15, 30)),
    }
    reasons = {r.line: r.reason for r in out.rejected}
    assert sorted(reasons) == [7, 8, 9, 10, 11]
    assert "'abc' is not a duration" in reasons[7]
    assert reasons[8] == "no end time and no duration"
    assert "'-01:00:00' is not a duration" in reasons[9]
    assert "not positive" in reasons[10]
    assert "'1:75' is not a duration" in reasons[11]
    again = run.import_text(db, "toggl", FIXTURE.read_text(), alice, FIXTURE.name, "Europe/Berlin")
    assert (again.imported, again.duplicates) == (0, 5)


def test_the_zone_decides_the_start_and_the_duration_the_length(db, alice):
    run.import_text(db, "toggl", FIXTURE.read_text(), alice, FIXTURE.name, "America/New_York")
    start, end = stored(db)["Homepage mock-ups"]
    assert (start, end - start) == (utc(2026, 11, 16, 14, 0), 5400)


TOGGL_DETAILED = (
    "User,Email,Project,Description,Start date,Start time,End date,End time,Duration\n"
    "Alice,alice@example.com,Website,Both,2026-11-16,09:00:00,2026-11-16,10:30:00,02:00:00\n"
    "Alice,alice@example.com,Website,End left empty,2026-11-16,11:00:00,,,00:45:00\n"
    "Alice,alice@example.com,Website,Neither,2026-11-16,12:00:00,,,\n"
)


def test_end_columns_win_over_the_duration_and_an_empty_end_falls_back_to_it():
    parsed = formats.toggl(TOGGL_DETAILED, BERLIN)
    both, fallback = parsed.rows
    assert (both.start, both.end) == (utc(2026, 11, 16, 8, 0), utc(2026, 11, 16, 9, 30))
    assert fallback.end - fallback.start == 45 * 60
    assert [(r.line, r.reason) for r in parsed.rejected] == [(4, "no end time and no duration")]


def test_clockify_without_end_columns_reads_hh_mm_ss_or_decimal_hours():
    body = (
        "Project,Description,User,Email,Start Date,Start Time,Duration (h),Duration (decimal)\n"
        "Website,Clock and decimal,Alice,alice@example.com,11/16/2026,09:00:00 AM,01:30:00,1.50\n"
        "Website,Decimal only,Alice,alice@example.com,11/16/2026,11:00:00 AM,,0.25\n"
        'Website,Comma decimal,Alice,alice@example.com,11/16/2026,01:00:00 PM,,"0,5"\n'
        "Website,Bad decimal,Alice,alice@example.com,11/16/2026,02:00:00 PM,,1.5h\n"
    )
    parsed = formats.clockify(body, BERLIN)
    assert [(r.description, r.end - r.start) for r in parsed.rows] == [
        ("Clock and decimal", 5400),
        ("Decimal only", 900),
        ("Comma decimal", 1800),
    ]
    assert [r.line for r in parsed.rejected] == [5]
    assert "'1.5h' is not a duration" in parsed.rejected[0].reason


def test_a_header_without_end_or_duration_is_refused_whole(db, alice):
    body = "User,Description,Start date,Start time\nAlice,x,2026-11-16,09:00:00\n"
    with pytest.raises(FormatError, match="no 'end time' or 'duration' column"):
        formats.toggl(body, BERLIN)
    with pytest.raises(
        ValidationFailed, match=r"no 'end time' or 'duration \(h\)' or 'duration \(decimal\)' column"
    ):
        run.import_text(db, "clockify", body, alice, "x.csv")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("01:30:00", 5400), ("1:30", 5400), ("0:00:01", 1), ("125:00:00", 450_000), ("1.5", 5400),
     ("1,25", 4500), (" 2 ", 7200), ("0.01", 36)],
)  # fmt: skip
def test_durations_that_read(value, seconds):
    assert table.duration(value) == seconds


@pytest.mark.parametrize(
    "value",
    ["", "abc", "-1:00", "-0.5", "1:60", "1:30:60", "1:2:3:4", "nan", "inf", "1e3", "0", "0:00", "1001"],
)
def test_durations_that_do_not(value):
    with pytest.raises(ValueError, match="duration"):
        table.duration(value)
