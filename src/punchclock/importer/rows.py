"""What the CSV and JSON readers of other tools hand the entry importer: plain rows, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field


class FormatError(ValueError):
    """The file cannot be read as the format at all (not CSV, no start column...): nothing is imported."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    start: int
    end: int
    description: str = ""
    project: str = ""
    client: str = ""
    task: str = ""
    tags: tuple[str, ...] = ()
    billable: bool | None = None
    key: str | None = None  # the source's own id, when it has one that is stable across exports
    # Whose time it is, as a team export says (User or Member, and Email): see punchclock.importer.owners.
    user: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Rejected:
    line: int
    reason: str


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # Extra facts a format carries about projects (Punchclock's account export: rates, colours).
    projects: dict[str, dict] = field(default_factory=dict)
    # TimeTagger settings (``{"key", "value", "mt"}``) from Punchclock's account export.
    settings: list[dict] = field(default_factory=list)
