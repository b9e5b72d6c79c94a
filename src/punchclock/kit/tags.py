"""Tags: a normalised, comma-separated list of short words (TimeTagger-compatible: no spaces)."""

from __future__ import annotations

import re

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
_TAG = re.compile(r"^[^\s,#][^\s,]*$")


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
            raise TagError(f"Tag '{tag[:50]}' may not contain spaces or commas")
        seen.setdefault(tag.lower(), tag)
    if len(seen) > MAX_TAGS:
        raise TagError(f"At most {MAX_TAGS} tags per entry")
    return ",".join(seen.values())


def tag_list(tags: str) -> list[str]:
    return tags.split(",") if tags else []
