"""Tags: a normalised, comma-separated list of short words (TimeTagger-compatible: no spaces)."""

from __future__ import annotations

import re

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
# The stored, comma-joined text must fit time_entries.tags (String(1000)): 20 tags of 50 characters
# plus commas would not, and PostgreSQL refuses an overlong value with an error, not a truncation.
MAX_TAGS_TEXT = 1000
# No whitespace or commas (the separator), and no control characters: PostgreSQL text cannot hold NUL.
_TAG = re.compile(r"^[^\s,#\x00-\x1f\x7f][^\s,\x00-\x1f\x7f]*$")


class TagError(ValueError):
    pass


def normalize_tags(value: str | list[str] | None) -> str:
    """``"a, #b,a"`` or ``["a", "b"]`` to ``"a,b"``: trimmed, '#' dropped, duplicates removed."""
    if value is None:
        return ""
    items = value.split(",") if isinstance(value, str) else value
    seen: dict[str, str] = {}
    for raw in items:
        if not isinstance(raw, str):
            raise TagError("Tags must be text")
        tag = raw.strip().lstrip("#")
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise TagError(f"A tag may be at most {MAX_TAG_LENGTH} characters")
        if not _TAG.match(tag):
            raise TagError(f"Tag {tag[:50]!r} may not contain spaces, commas or control characters")
        seen.setdefault(tag.lower(), tag)
    if len(seen) > MAX_TAGS:
        raise TagError(f"At most {MAX_TAGS} tags per entry")
    text = ",".join(seen.values())
    if len(text) > MAX_TAGS_TEXT:
        raise TagError(f"Tags may be at most {MAX_TAGS_TEXT} characters together")
    return text


def tag_list(tags: str) -> list[str]:
    return tags.split(",") if tags else []
