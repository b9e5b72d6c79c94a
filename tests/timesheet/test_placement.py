"""Where a timesheet cell's new time lands in its day (pure functions)."""

from __future__ import annotations

from punchclock.timesheet.placement import gaps, is_free, place

H = 3600


def test_gaps_are_the_free_stretches_between_overlapping_spans():
    assert gaps([(2 * H, 4 * H), (3 * H, 5 * H), (8 * H, 9 * H)], 0, 10 * H) == [
        (0, 2 * H), (5 * H, 8 * H), (9 * H, 10 * H),
    ]  # fmt: skip
    assert gaps([], 0, H) == [(0, H)]
    assert gaps([(0, 2 * H)], 0, H) == []
    assert gaps([(2 * H, 3 * H)], 0, H) == [(0, H)]  # a span past the end clips nothing away


def test_new_time_goes_after_the_anchor_first():
    busy = [(9 * H, 12 * H)]
    assert place(busy, 0, 24 * H, 12 * H, 2 * H) == 12 * H
    # The empty day's anchor is the working day's start.
    assert place([], 0, 24 * H, 9 * H, 2 * H) == 9 * H


def test_new_time_that_does_not_fit_after_the_anchor_ends_where_an_earlier_gap_ends():
    busy = [(9 * H, 12 * H), (14 * H, 23 * H)]
    # After 23:00 one hour is left; the latest earlier gap long enough is 12:00-14:00.
    assert place(busy, 0, 24 * H, 23 * H, 2 * H) == 12 * H
    assert place(busy, 0, 24 * H, 23 * H, 3 * H) == 6 * H
    # Before the working day when "now" (the end of the range) comes before 09:00 + length.
    assert place([], 0, 8 * H, 9 * H, H) == 7 * H


def test_no_gap_long_enough_is_none():
    assert place([(0, 12 * H), (13 * H, 24 * H)], 0, 24 * H, 24 * H, 2 * H) is None
    assert place([], 0, H, 9 * H, 2 * H) is None


def test_is_free():
    busy = [(9 * H, 10 * H)]
    assert is_free(busy, 10 * H, 11 * H)
    assert is_free(busy, 8 * H, 9 * H)
    assert not is_free(busy, 8 * H, 9 * H + 1)
