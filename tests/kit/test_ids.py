"""Ids from query text: ASCII digits in range, nothing that merely looks like a digit."""

from __future__ import annotations

import pytest

from punchclock.kit.ids import MAX_ID, parse_id, parse_id_list


@pytest.mark.parametrize(
    "text",
    [
        "\u00b3",
        "\u0661",
        "\uff11",
        "1\u00b2",
        "0",
        "-1",
        "+1",
        "1.0",
        " 1",
        "1e3",
        "",
        str(MAX_ID + 1),
        "9" * 30,
    ],
)
def test_anything_but_plain_ascii_ids_is_none(text):
    assert parse_id(text) is None


def test_plain_ids_parse():
    assert parse_id("42") == 42
    assert parse_id("007") == 7
    assert parse_id(str(MAX_ID)) == MAX_ID


def test_lists_skip_blanks_and_refuse_one_bad_item():
    assert parse_id_list("1, 2,,3 ", 10) == [1, 2, 3]
    assert parse_id_list("1,\u00b3", 10) is None
    assert parse_id_list("1,2,3", 2) is None
    assert parse_id_list(",", 10) == []
