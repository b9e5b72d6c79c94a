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

from punchclock.kit.tags import MAX_TAGS, MAX_TAGS_TEXT, TagError, normalize_tags, tag_list

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
    return list(dict.fromkeys(match.lower() for match in _TAG.findall(ds)))


def is_hidden(ds: str) -> bool:
    return ds.startswith(HIDDEN)


def unhidden(ds: str) -> str:
    """The description a HIDDEN record had before it was hidden."""
    return ds[len(HIDDEN) :].strip() if is_hidden(ds) else ds


def column_tags(tags: list[str]) -> str:
    """Parsed tags as the tags column holds them: those the REST API's rules accept, up to its limits.

    A tag they refuse (over 50 characters, Unicode spaces) stays in the notes, where it is written.
    """
    kept: list[str] = []
    for tag in tags:
        if len(kept) == MAX_TAGS:
            break
        try:
            normal = normalize_tags([tag])
        except TagError:
            continue
        if normal != tag or len(",".join([*kept, normal])) > MAX_TAGS_TEXT:
            continue
        kept.append(normal)
    return ",".join(kept)


@lru_cache(maxsize=4096)
def ds_tag(tag: str) -> str:
    """A REST tag spelled as a TimeTagger tag: lower-cased, runs of other characters become '-'."""
    return _NOT_TAG_CHARS.sub("-", tag.lower()).strip("-")


def render(notes: str, tags: str, project_tag: str | None, deleted: bool) -> str:
    """The ds of an entry: its notes plus every tag not already inline; 'HIDDEN ...' when deleted."""
    ds = notes
    if tags or project_tag:
        inline = set(parse_tags(notes))
        extras = []
        for tag in [*tag_list(tags), project_tag or ""]:
            spelled = ds_tag(tag)
            if spelled and spelled not in inline:
                inline.add(spelled)
                extras.append("#" + spelled)
        if extras:
            ds = " ".join([notes, *extras]) if notes else " ".join(extras)
    if deleted:
        return ds if is_hidden(ds) else f"{HIDDEN} {ds}".rstrip()
    return " " + ds if is_hidden(ds) else ds


def same_text(ds: str, notes: str, tags: str, project_tag: str | None, deleted: bool) -> bool:
    """Whether ``ds`` says what the entry already says (perhaps newly hidden or unhidden).

    Then the push changes only times and deletion, and the entry keeps its notes, tags and project
    as the REST API wrote them: stopping a timer from TimeTagger does not rewrite its notes.
    """
    if ds == render(notes, tags, project_tag, deleted):
        return True
    live = render(notes, tags, project_tag, False)
    return unhidden(ds) == live.strip() if is_hidden(ds) else ds == live
