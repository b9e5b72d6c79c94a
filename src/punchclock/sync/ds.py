"""A record's ``ds`` (TimeTagger's description with inline #tags) to and from an entry's fields.

Notes:
TimeTagger's tag rule is the entry's (punchclock.kit.tags): '#' followed by one or more letters,
digits, '-', '_', '/' or characters above U+007F, lower-cased. An incoming ds is kept verbatim as
the entry's notes and its tags become the tags column, so rendering it again adds nothing and a
TimeTagger-written ds comes back byte for byte. An entry written through the REST API renders as
its notes followed by ' #tag' for each tag (and its project's tag) not already written inline, so
TimeTagger's clients see every tag. A ds pushed back with a changed text keeps each tag still
written in it as the entry spelled it ("Client-A" for #client-a): the round trip loses no tag and
changes none, and a tag taken out of the ds is taken off the entry.
A ds that starts with 'HIDDEN' is a deleted record. A live entry whose notes happen to start with
'HIDDEN' renders with a leading space, so TimeTagger does not take it for deleted.
"""

from __future__ import annotations

import re
from functools import lru_cache

from punchclock.kit.tags import INLINE_CHARS, inline_tags, storable_tags, tag_list

HIDDEN = "HIDDEN"
_NOT_TAG_CHARS = re.compile(f"[^{INLINE_CHARS}]+")
# A ds's tags follow the one rule of punchclock.kit.tags (TimeTagger's); these names are the sync's.
parse_tags = inline_tags
column_tags = storable_tags


def is_hidden(ds: str) -> bool:
    return ds.startswith(HIDDEN)


def unhidden(ds: str) -> str:
    """The description a HIDDEN record had before it was hidden."""
    return ds[len(HIDDEN) :].strip() if is_hidden(ds) else ds


@lru_cache(maxsize=4096)
def ds_tag(tag: str) -> str:
    """A REST tag spelled as a TimeTagger tag: lower-cased, runs of other characters become '-'."""
    return _NOT_TAG_CHARS.sub("-", tag.lower()).strip("-")


def pushed_tags(ds: str, stored: str) -> str:
    """The tags column for a pushed ``ds`` whose text changed: its tags, each spelled as the entry
    already spelled it when it had that tag (``stored``), new ones as written. A stored tag that
    TimeTagger cannot spell at all ("...") was never shown to the client, so no push removes it."""
    written = parse_tags(ds)
    if not stored:
        return column_tags(written)
    present = set(written)
    kept = [tag for tag in tag_list(stored) if ds_tag(tag) in present or not ds_tag(tag)]
    covered = {ds_tag(tag) for tag in kept}
    return column_tags(kept + [tag for tag in written if tag not in covered])


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
