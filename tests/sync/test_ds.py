"""ds, TimeTagger's description with inline #tags: parsing, rendering and the exact round trip."""

from __future__ import annotations

import pytest

from punchclock.sync.ds import column_tags, ds_tag, is_hidden, parse_tags, render, same_text, unhidden


@pytest.mark.parametrize(
    ("ds", "tags"),
    [
        ("", []),
        ("no tags here", []),
        ("#work", ["work"]),
        ("Fix #Bug in #client/ACME", ["bug", "client/acme"]),
        ("#glued#tags", ["glued", "tags"]),
        ("a # lone hash and ## double", []),
        ("##x", ["x"]),
        ("#a-b_c/d #é #日本", ["a-b_c/d", "é", "日本"]),
        ("#tag, #other. #end!", ["tag", "other", "end"]),
        ("#dup #DUP #dup", ["dup"]),
        ("email@example.com#x", ["x"]),
        ("#1", ["1"]),
    ],
)
def test_tags_follow_timetaggers_rule(ds, tags):
    assert parse_tags(ds) == tags


def test_hidden_is_a_prefix():
    assert is_hidden("HIDDEN")
    assert is_hidden("HIDDEN work #a")
    assert is_hidden("HIDDENX")
    assert not is_hidden(" HIDDEN")
    assert not is_hidden("hidden")
    assert unhidden("HIDDEN  work #a ") == "work #a"
    assert unhidden("work") == "work"


@pytest.mark.parametrize(
    "ds",
    ["", "plain", "Meeting #Work #client/acme", "  spaces  kept  ", "#only #tags", "ünïcödé #日本 text"],
)
def test_a_timetagger_ds_renders_back_byte_for_byte(ds):
    # Stored the way a push stores it: notes = ds verbatim, tags = the parsed tags.
    tags = column_tags(parse_tags(ds))
    assert render(ds, tags, None, deleted=False) == ds
    assert same_text(ds, ds, tags, None, deleted=False)


def test_rest_tags_and_the_project_tag_are_appended_when_not_inline():
    assert render("Design review", "ux,Client-A", "website", False) == "Design review #ux #client-a #website"
    assert render("", "ux", None, False) == "#ux"
    assert render("", "", None, False) == ""
    # Already written inline (in any case): not repeated.
    assert render("Work on #UX for #website", "ux", "website", False) == "Work on #UX for #website"


def test_tags_timetagger_cannot_spell_are_respelled():
    assert ds_tag("C++ code") == "c-code"
    assert ds_tag("a.b") == "a-b"
    assert ds_tag("...") == ""
    assert render("x", "a.b,...", None, False) == "x #a-b"


def test_deleted_entries_render_hidden():
    assert render("work", "a", None, deleted=True) == "HIDDEN work #a"
    assert render("", "", None, deleted=True) == "HIDDEN"
    assert render("HIDDEN gone #a", "a", None, deleted=True) == "HIDDEN gone #a"


def test_a_live_entry_whose_notes_start_with_hidden_is_not_taken_for_deleted():
    ds = render("HIDDEN treasure", "", None, deleted=False)
    assert ds == " HIDDEN treasure"
    assert not is_hidden(ds)
    assert same_text(ds, "HIDDEN treasure", "", None, deleted=False)


def test_same_text_recognises_a_rendered_ds_hidden_or_unhidden():
    notes, tags = "Design review", "ux"
    assert same_text("Design review #ux", notes, tags, None, False)
    assert same_text("HIDDEN Design review #ux", notes, tags, None, False)  # hiding keeps the text
    assert same_text("Design review #ux", notes, tags, None, True)  # so does unhiding
    assert not same_text("Design review #ux #more", notes, tags, None, False)
    assert not same_text("Design review", notes, tags, None, False)


def test_column_tags_keep_what_the_rest_api_accepts():
    assert column_tags(["a", "b"]) == "a,b"
    assert column_tags(["x" * 51, "ok"]) == "ok"  # over 50 characters stays in the notes only
    assert column_tags(["non\u00a0breaking", "ok"]) == "ok"  # a Unicode space is no REST tag
    many = [f"t{i}" for i in range(30)]
    assert column_tags(many).split(",") == many[:20]
    long = [f"{i:02d}" + "y" * 48 for i in range(25)]
    assert len(column_tags(long)) <= 1000
