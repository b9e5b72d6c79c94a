"""Tags: normalised to a comma-separated list of short words without spaces (TimeTagger-compatible)."""

from __future__ import annotations

import pytest

from punchclock.kit.tags import MAX_TAG_LENGTH, MAX_TAGS, MAX_TAGS_TEXT, TagError, normalize_tags, tag_list


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ([], ""),
        ("dev", "dev"),
        ("dev,frontend", "dev,frontend"),
        ("  dev ,  frontend  ", "dev,frontend"),
        ("#dev,##frontend", "dev,frontend"),
        ("a, #b,a", "a,b"),
        ("Dev,dev,DEV", "Dev"),  # duplicates ignore case; the first spelling wins
        ("b,a,c", "b,a,c"),  # order is kept
        (",,, ,#,", ""),
        (["a", "b"], "a,b"),
        (["  a  ", "#b", "", "#"], "a,b"),
        ("c#sharp,a/b,x.y,snake_case,kebab-case", "c#sharp,a/b,x.y,snake_case,kebab-case"),
        ("café,日本,🚀", "café,日本,🚀"),
    ],
)
def test_normalize_tags(value, expected):
    assert normalize_tags(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "not ok",
        "ok,not ok",
        ["not ok"],
        ["a,b"],
        "tab\there",
        ["new\nline"],
        ["nbsp\u00a0inside"],
        ["nul\x00byte"],
        ["bell\x07"],
        ["del\x7f"],
        [1],
        [None],
        ["ok", 2.5],
        "x" * (MAX_TAG_LENGTH + 1),
        ["#" + "x" * (MAX_TAG_LENGTH + 1)],
        [f"t{i}" for i in range(MAX_TAGS + 1)],
        ",".join(f"t{i}" for i in range(MAX_TAGS + 1)),
    ],
)
def test_bad_tags_raise(value):
    with pytest.raises(TagError):
        normalize_tags(value)


def test_the_limits_themselves_are_allowed():
    assert normalize_tags("x" * MAX_TAG_LENGTH) == "x" * MAX_TAG_LENGTH
    assert normalize_tags("#" + "x" * MAX_TAG_LENGTH) == "x" * MAX_TAG_LENGTH  # '#' is not counted
    twenty = [f"t{i}" for i in range(MAX_TAGS)]
    assert normalize_tags(twenty) == ",".join(twenty)


def test_duplicates_do_not_count_towards_the_limit():
    tags = [f"t{i}" for i in range(MAX_TAGS)] + [f"T{i}" for i in range(MAX_TAGS)]
    assert len(tag_list(normalize_tags(tags))) == MAX_TAGS


def test_the_joined_text_fits_the_column():
    # Twenty tags of the longest length would need 1019 characters; the column holds 1000.
    longest = [f"{i:02d}" + "x" * (MAX_TAG_LENGTH - 2) for i in range(MAX_TAGS)]
    with pytest.raises(TagError):
        normalize_tags(longest)
    fits = [f"{i:02d}" + "x" * 46 for i in range(MAX_TAGS)]
    assert len(normalize_tags(fits)) == 20 * 48 + 19 <= MAX_TAGS_TEXT


@pytest.mark.parametrize(("text", "expected"), [("", []), ("a", ["a"]), ("a,b,c", ["a", "b", "c"])])
def test_tag_list(text, expected):
    assert tag_list(text) == expected


def test_normalized_tags_round_trip_through_tag_list():
    text = normalize_tags(" #b, a ,B,c ")
    assert normalize_tags(tag_list(text)) == text == "b,a,c"
