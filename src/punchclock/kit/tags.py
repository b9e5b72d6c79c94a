"""Tags: a normalised, comma-separated list of short words, and the one rule of an entry's tags.

Notes:
An entry's tags are its explicit tags together with the ``#tags`` written in its description (its
notes), read by TimeTagger's rule: '#' followed by one or more letters, digits, '-', '_', '/' or
characters above U+007F, lower-cased. Every write path (REST, the timer, TimeTagger sync, imports,
and so the CLI and the web app) stores that union in the ``tags`` column, which is what the list,
reports, exports and filters read, so none of them needs to look into the notes again.
Tags compare without case everywhere; an explicit tag keeps the spelling it was given ("Client-A"),
a tag read from the notes is lower-cased as TimeTagger reads it. An explicit tag may hold more
characters than TimeTagger's rule ('.', '+', '#' inside): TimeTagger's clients see it respelled
(punchclock.sync.ds). A tag written in the notes stays a tag as long as it is written there:
``without_inline`` says which tags outlive a change of the notes.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
# The stored, comma-joined text must fit time_entries.tags (String(1000)): 20 tags of 50 characters
# plus commas would not, and PostgreSQL refuses an overlong value with an error, not a truncation.
MAX_TAGS_TEXT = 1000
# No whitespace or commas (the separator), and no control characters: PostgreSQL text cannot hold NUL.
_TAG = re.compile(r"^[^\s,#\x00-\x1f\x7f][^\s,\x00-\x1f\x7f]*$")
# TimeTagger's rule for a tag inside a description. Each '#' followed by at least one tag character
# starts a tag; it ends at the first other character (a '#' included, so "#a#b" is two tags).
INLINE_CHARS = r"0-9A-Za-z\-_/\u0080-\U0010ffff"
_INLINE = re.compile(f"#([{INLINE_CHARS}]+)")


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


def inline_tags(text: str) -> list[str]:
    """The tags written in ``text``, lower-cased, without '#', unique, in order of appearance."""
    if "#" not in text:
        return []
    if text.isascii():  # lower-casing first finds the same tags, in one pass
        return list(dict.fromkeys(_INLINE.findall(text.lower())))
    # Not in general: str.lower() spells a Greek final sigma by its context.
    return list(dict.fromkeys(match.lower() for match in _INLINE.findall(text)))


@lru_cache(maxsize=4096)
def _storable(tag: str) -> bool:
    """Whether the explicit-tag rules take a tag as it is."""
    try:
        return normalize_tags([tag]) == tag
    except TagError:
        return False


def storable_tags(tags: list[str]) -> str:
    """Tags as the tags column holds them, dropping what it cannot: a tag the explicit-tag rules
    refuse (over 50 characters, a Unicode space), a duplicate, and any beyond the limits. Such a
    tag stays written in the notes; the entry just does not carry it."""
    kept: dict[str, str] = {}
    size = -1  # the length of ",".join(kept)
    for tag in tags:
        if len(kept) == MAX_TAGS:
            break
        if tag.lower() in kept or not _storable(tag) or size + 1 + len(tag) > MAX_TAGS_TEXT:
            continue
        kept[tag.lower()] = tag
        size += 1 + len(tag)
    return ",".join(kept.values())


def entry_tags(notes: str, tags: str) -> str:
    """The rule: an entry's tags are ``tags`` (normalised) and then every tag written in its notes
    that is not among them."""
    if "#" not in notes:
        return tags
    return storable_tags([*tag_list(tags), *inline_tags(notes)])


def without_inline(notes: str, tags: str) -> str:
    """The tags that do not come from ``notes``: what stays when the notes change and the tags are
    not given (a tag written in the old notes goes with them unless the new notes write it too)."""
    if "#" not in notes:
        return tags
    inline = set(inline_tags(notes))
    return ",".join(t for t in tag_list(tags) if t.lower() not in inline)
