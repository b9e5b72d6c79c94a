"""What a reader hands the importer: one user's records and settings as TimeTagger items."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class SourceError(ValueError):
    """A file cannot be imported at all (unreadable, not TimeTagger's format); nothing of it is written."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One item that was not imported, and why."""

    key: str
    reason: str


@dataclass
class Source:
    """One file's worth of items, in the sync API's shapes (``{"key", "t1", "t2", "ds", "mt"}``, ...)."""

    name: str  # how the summary names the file
    username: str | None  # the TimeTagger user it belongs to, when the file says
    records: list[dict[str, Any]] = field(default_factory=list)
    settings: list[dict[str, Any]] = field(default_factory=list)
    # Rows a reader could not turn into an item at all (a CSV row without a usable time).
    unreadable: list[Failure] = field(default_factory=list)
