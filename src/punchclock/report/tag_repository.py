"""A report's entries by tag: from entry_tags (migration 0016), never by LIKE on the tags column.

Notes:
A report filtered by tags reads the tags' rows of entry_tags, an index range by (tag, user, start)
per person (everyone's: each user's), instead of every entry of its range: ``table`` is then a
derived table of those rows under time_entries' column names, so every query of the report reads
it as it reads the entries, and both databases flatten it into the query. An entry carrying two of
the filter's tags has two rows; only the row of its least tag counts. Entries a query finds some
other way (those reaching into the range from before it, few and found by their end) are tested
with EXISTS on the (entry, tag) key.
A group of one tag (the entries behind it) is found by that tag's rows the same way, when no
filter leads. Every tag is compared by its key: Python's lower(), against the database's LOWER()
of the stored tag (see punchclock.models.entry_tag), exactly as the LIKE compared them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from punchclock.models.entry_tag import TAG_KEY_LENGTH

NONE_TAG = "none"  # the "No tag" group's key, which the tag "none" shares
# The columns of time_entries a report reads, from an entry_tags row ``g``. Its entries are live
# (deleted_at is always NULL).
_AS_ENTRY = (
    "g.entry_id AS id, g.user_id, g.project_id, g.task_id, g.start_at, g.end_at, g.paused_at, "
    "g.break_seconds, g.billable, CAST(NULL AS BIGINT) AS deleted_at"
)


def key(tag: str) -> str:
    return tag.lower()[:TAG_KEY_LENGTH]


@dataclass(frozen=True, slots=True)
class Tagged:
    """How a query finds a scope's entries: from ``table`` (time_entries, or the rows of the
    leading tags), with ``where`` to add to its conditions."""

    table: str
    where: list[str]

    @property
    def from_tags(self) -> bool:
        return self.table != "time_entries"


def _bind(tags: Sequence[str], params: dict[str, Any], prefix: str) -> str:
    names = []
    for n, tag in enumerate(tags):
        params[f"{prefix}{n}"] = key(tag)
        names.append(f":{prefix}{n}")
    return ", ".join(names)


def _has(entry: str, tags: str) -> str:
    return f"EXISTS (SELECT 1 FROM entry_tags h WHERE h.entry_id = {entry} AND h.tag IN ({tags}))"  # noqa: S608


def _rows(names: list[str], with_tags: bool) -> str:
    """The entry_tags rows of the tags ``names`` (bound parameters), one per entry, as entries."""
    rows = f"g.tag IN ({', '.join(names)})"
    if len(names) > 1:
        # An entry with two of the tags counts by the least of them (PostgreSQL: an anti-join).
        rows += (
            " AND NOT EXISTS (SELECT 1 FROM entry_tags d WHERE d.entry_id = g.entry_id "  # noqa: S608
            f"AND d.tag IN ({', '.join(names)}) AND d.tag < g.tag)"
        )
    if not with_tags:
        return f"(SELECT {_AS_ENTRY}, '' AS tags FROM entry_tags g WHERE {rows})"  # noqa: S608
    # A report by tags needs each entry's whole tags text, from its row.
    joined = "entry_tags g JOIN time_entries t ON t.id = g.entry_id"
    return f"(SELECT {_AS_ENTRY}, t.tags FROM {joined} WHERE {rows})"  # noqa: S608


def tagged(
    tags: Sequence[str],
    matches: Sequence[tuple[str, int | str | None]],
    params: dict[str, Any],
    e: str,
    lead: bool = True,
    with_tags: bool = False,
) -> Tagged:
    """The table and the tag conditions for entries carrying any of ``tags`` (none: no filter) and
    every tag group in ``matches`` (None: the "No tag" group). With ``lead``, the filter's tags (or
    else a group's tag) lead: the entries come from their rows of entry_tags, with their tags text
    when ``with_tags`` (else '')."""
    groups = [(n, value) for n, (dim, value) in enumerate(matches) if dim == "tag"]
    leading: list[str] = list(tags)
    consumed = None
    if lead and not leading:
        consumed = next((n for n, value in groups if value is not None), None)
        leading = [str(matches[consumed][1])] if consumed is not None else []
    where: list[str] = []
    table = "time_entries"
    if lead and leading:
        table = _rows(_bind(leading, params, "lead").split(", "), with_tags)
    elif leading:
        where.append(_has(f"{e}.id", _bind(leading, params, "lead")))
    for n, value in groups:
        if n == consumed:
            continue
        has = _has(f"{e}.id", _bind([str(value if value is not None else NONE_TAG)], params, f"match{n}_"))
        if value is None and not (lead and leading):
            # "No tag": none at all, or the tag "none" (the report's keys are tags lower-cased),
            # whose few entries are gathered once, not looked up for each entry with tags.
            tagged_none = f"SELECT h.entry_id FROM entry_tags h WHERE h.tag = :match{n}_0"  # noqa: S608
            has = f"({e}.tags IS NULL OR {e}.tags = '' OR {e}.id IN ({tagged_none}))"
        where.append(has)
    return Tagged(table, where)
