"""A record's ``ds`` (TimeTagger's description with inline #tags) to and from an entry's fields.

Notes:
TimeTagger's tag rule: '#' followed by one or more letters, digits, '-', '_', '/' or characters
above U+007F, lower-cased. An incoming ds is kept verbatim as the entry's notes and its tags are
parsed into the tags column, so rendering it again adds nothing and a TimeTagger-written ds comes
back byte for byte. An entry written through the REST API renders as its notes followed by
' #tag' for each tag (and its project's tag) not already written inline.
A ds that starts with 'HIDDEN' is a deleted record. A live entry whose notes happen to start with
'HIDDEN' renders with a leading space, so TimeTagger does not take it for deleted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from punchclock.kit.tags import MAX_TAGS, MAX_TAGS_TEXT, TagError, normalize_tags

HIDDEN = "HIDDEN"
_TAG_CHARS = r"0-9A-Za-z\-_/\u0080-\U0010ffff"
# Each '#' followed by at least one tag character starts a tag; it ends at the first other character
# (a '#' included, so "#a#b" is two tags). A '#' followed by no tag character starts none.
_TAG = re.compile(f"#([{_TAG_CHARS}]+)")
_NOT_TAG_CHARS = re.compile(f"[^{_TAG_CHARS}]+")


def parse_tags(ds: str) -> list[str]:
    """The tags written in ``ds``, lower-cased, without '#', unique, in order of appearance."""
    if "#" not in ds:
        return []
    if ds.isascii():  # lower-casing first finds the same tags, in one pass
        return list(dict.fromkeys(_TAG.findall(ds.lower())))
    # Not in general: str.lower() spells a Greek final sigma by its context.
    return list(dict.fromkeys(match.lower() for match in _TAG.findall(ds)))


def is_hidden(ds: str) -> bool:
    return ds.startswith(HIDDEN)


def unhidden(ds: str) -> str:
    """The description a HIDDEN record had before it was hidden."""
    return ds[len(HIDDEN) :].strip() if is_hidden(ds) else ds


@lru_cache(maxsize=4096)
def _column_tag(tag: str) -> bool:
    """Whether the REST API's rules take a parsed tag as it is."""
    try:
        return normalize_tags([tag]) == tag
    except TagError:
        return False


def column_tags(tags: list[str]) -> str:
    """Parsed tags as the tags column holds them: those the REST API's rules accept, up to its limits.

    A tag they refuse (over 50 characters, Unicode spaces) stays in the notes, where it is written.
    """
    kept: list[str] = []
    size = -1  # the length of ",".join(kept)
    for tag in tags:
        if len(kept) == MAX_TAGS:
            break
        if not _column_tag(tag) or size + 1 + len(tag) > MAX_TAGS_TEXT:
            continue
        kept.append(tag)
        size += 1 + len(tag)
    return ",".join(kept)


@lru_cache(maxsize=4096)
def ds_tag(tag: str) -> str:
    """A REST tag spelled as a TimeTagger tag: lower-cased, runs of other characters become '-'."""
    return _NOT_TAG_CHARS.sub("-", tag.lower()).strip("-")


@lru_cache(maxsize=4096)
def _spaced(tag: str) -> str:
    """'#tag ' as ds spells a REST tag followed by a space ('' for a tag it cannot spell)."""
    spelled = ds_tag(tag)
    return f"#{spelled} " if spelled else ""


def _extras(notes: str, tags: str, project_tag: str | None) -> list[str]:
    """The '#tag's to append: the entry's tags and its project's tag not already in the notes."""
    names = tags.split(",") if tags else []
    if project_tag:
        names.append(project_tag)
    if "#" in notes:
        # The feed renders every record it sends, so the usual case is made cheap: every tag written
        # in the notes followed by a space or at the end, as in a ds that a TimeTagger client wrote.
        # "#tag " in the lower-cased notes is that tag, whole: a '#' always starts a tag, the space
        # ends it, and between the two str.lower() spells it as parse_tags does (a Greek final
        # sigma looks only as far as the '#' and the space).
        padded = notes.lower() + " "
        for name in names:
            if _spaced(name) not in padded:
                break
        else:
            return []
    inline = set(parse_tags(notes))
    extras = []
    for name in names:
        spelled = ds_tag(name)
        if spelled and spelled not in inline:
            inline.add(spelled)
            extras.append("#" + spelled)
    return extras


def render(notes: str, tags: str, project_tag: str | None, deleted: bool) -> str:
    """The ds of an entry: its notes plus every tag not already inline; 'HIDDEN ...' when deleted."""
    ds = notes
    if tags or project_tag:
        extras = _extras(notes, tags, project_tag)
        if extras:
            ds = " ".join([notes, *extras]) if notes else " ".join(extras)
    if deleted:
        return ds if ds.startswith(HIDDEN) else f"{HIDDEN} {ds}".rstrip()
    return " " + ds if ds.startswith(HIDDEN) else ds


def same_text(ds: str, notes: str, tags: str, project_tag: str | None, deleted: bool) -> bool:
    """Whether ``ds`` says what the entry already says (perhaps newly hidden or unhidden).

    Then the push changes only times and deletion, and the entry keeps its notes, tags and project
    as the REST API wrote them: stopping a timer from TimeTagger does not rewrite its notes.
    """
    if ds == render(notes, tags, project_tag, deleted):
        return True
    live = render(notes, tags, project_tag, False)
    return unhidden(ds) == live.strip() if is_hidden(ds) else ds == live
