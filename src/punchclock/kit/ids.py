"""Ids from text: ASCII decimal digits only, within the range of a database integer.

Notes:
``str.isdigit()`` is not a parser: it is true for "\\u00b3" (superscript three, which ``int()``
refuses) and for "\\u0661" (Arabic-Indic one, which ``int()`` reads as 1), and it sets no upper
bound, so a 30-digit id would overflow PostgreSQL's integer. Input is matched against ``[0-9]``
and the range instead.
"""

from __future__ import annotations

import re

MAX_ID = 2**31 - 1
_ID = re.compile(r"[0-9]{1,10}")


def parse_id(text: str) -> int | None:
    """``"42"`` -> 42; None for anything but plain ASCII digits naming an id in [1, MAX_ID]."""
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def parse_id_list(text: str, limit: int) -> list[int] | None:
    """``"1, 2,3"`` -> [1, 2, 3] (blank items skipped); None when an item is not an id or there
    are more than ``limit``."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if len(items) > limit:
        return None
    ids = [parse_id(item) for item in items]
    return None if None in ids else [i for i in ids if i is not None]
