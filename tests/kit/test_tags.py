"""Tags: normalised to a comma-separated list of short words without spaces, and the one rule of an
entry's tags (its explicit tags and the #tags in its notes, read as TimeTagger reads them)."""

from __future__ import annotations

import pytest

from punchclock.kit.tags import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TAGS_TEXT,
    TagError,
    entry_tags,
    inline_tags,
    normalize_tags,
    storable_tags,
    tag_list,
    without_inline,
)


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


# The one rule: an entry's tags are its explicit tags and the #tags written in its notes.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("no tags", []),
        ("Fix #Bug in #client/ACME", ["bug", "client/acme"]),  # lower-cased, as TimeTagger reads them
        ("#glued#tags", ["glued", "tags"]),
        ("issue#12", ["12"]),  # a '#' anywhere starts a tag, as in TimeTagger
        ("#end. #comma, #bang!", ["end", "comma", "bang"]),  # punctuation ends a tag
        ("c++ #c++", ["c"]),
        ("# lone ## double", []),
        ("#café #日本 #ΣΊΣΥΦΟΣ", ["café", "日本", "σίσυφος"]),
        ("#dup #DUP", ["dup"]),
    ],
)
def test_inline_tags_follow_timetaggers_rule(text, expected):
    assert inline_tags(text) == expected


NOTES_TAGS = [f"n{i}" for i in range(25)]


@pytest.mark.parametrize(
    ("notes", "tags", "expected"),
    [
        ("Fix login #bug", "", "bug"),
        ("Fix login #bug", "frontend", "frontend,bug"),  # explicit first, then the notes'
        ("Fix #Bug", "BUG", "BUG"),  # the same tag once; an explicit spelling wins
        ("no hash", "a,b", "a,b"),
        ("#x" + "y" * 60 + " #ok", "", "ok"),  # over 50 characters: stays in the notes only
        ("#a\u00a0b #ok", "", "ok"),  # a Unicode space is no tag character for the column
        # 20 at most: the explicit ones first, then as many of the notes' as fit.
        (" ".join(f"#{t}" for t in NOTES_TAGS), "e1,e2", ",".join(["e1", "e2", *NOTES_TAGS[:18]])),
    ],
)
def test_entry_tags_are_the_union(notes, tags, expected):
    assert entry_tags(notes, tags) == expected


@pytest.mark.parametrize(
    ("notes", "tags", "expected"),
    [
        ("Fix #bug", "frontend,bug", "frontend"),  # bug came from the notes
        ("Fix #Bug", "Bug", ""),  # compared without case
        ("plain", "a,b", "a,b"),
        ("#a", "c#sharp,a", "c#sharp"),  # a tag the notes cannot write is always explicit
    ],
)
def test_without_inline_keeps_the_explicit_tags(notes, tags, expected):
    assert without_inline(notes, tags) == expected


def test_storable_tags_drop_what_the_column_cannot_hold():
    assert storable_tags(["a", "A", "b"]) == "a,b"
    assert storable_tags(["x" * 51, "ok", "bad,comma"]) == "ok"
    assert len(tag_list(storable_tags([f"t{i}" for i in range(30)]))) == MAX_TAGS
