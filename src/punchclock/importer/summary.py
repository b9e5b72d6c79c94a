"""What an import did: counts per file and in total, every failure with its reason.

An import returns one ImportSummary, so a caller can report it, or publish it as one event.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from punchclock.importer.source import Failure

EVENT = "import.completed"


def completed(
    source: str, fmt: str, imported: int, updated: int, duplicates: int, rejected: int, settings: int
) -> dict[str, Any]:
    """The object of an import.completed event: one shape for every import, so a webhook consumer
    reads a TimeTagger data folder's files and an uploaded CSV alike (README: Live updates)."""
    return {
        "source": source,
        "format": fmt,
        "imported": imported,
        "updated": updated,
        "duplicates": duplicates,
        "rejected": rejected,
        "settings": settings,
    }


@dataclass
class Tally:
    """Items of one kind (records or settings): new, changed, already there, refused."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[Failure] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.imported + self.updated + self.unchanged + len(self.failed)

    def add(self, other: Tally) -> None:
        self.imported += other.imported
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed.extend(other.failed)


@dataclass
class FileSummary:
    """One source file and the account it went into."""

    source: str
    tt_user: str | None
    account: str | None
    records: Tally = field(default_factory=Tally)
    settings: Tally = field(default_factory=Tally)
    # Why the file was not (wholly) imported: unreadable, no such account, a database error.
    error: str | None = None


@dataclass
class ImportSummary:
    files: list[FileSummary] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every file was imported (single items may still have failed; they are listed)."""
        return all(f.error is None for f in self.files)

    def totals(self) -> tuple[Tally, Tally]:
        records, settings = Tally(), Tally()
        for f in self.files:
            records.add(f.records)
            settings.add(f.settings)
        return records, settings

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "files": [asdict(f) for f in self.files]}
