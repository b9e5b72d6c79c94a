"""One import of a file in any supported format, as a whole transaction, or as a dry run.

Notes:
Toggl, Clockify, Kimai and Punchclock files go through punchclock.importer.entries; TimeTagger's
CSV goes through the sync API's push (punchclock.importer.service) as it always has, so its
records keep their TimeTagger keys and rules. Either way the file is applied in one transaction
here; a dry run raises ``_DryRun`` at the end of it, which makes the database roll everything
back, and hands the outcome out: the report of a dry run is the report of a real run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from punchclock.db import Database
from punchclock.errors import ValidationFailed
from punchclock.event import service as event_service
from punchclock.importer import csvfile, entries, formats, service
from punchclock.importer.rows import FormatError, Rejected
from punchclock.importer.service import Account, Progress
from punchclock.importer.source import SourceError
from punchclock.importer.summary import FileSummary
from punchclock.kit.timeutil import TimeParseError, get_zone, now_ts
from punchclock.sync.schemas import MAX_ITEMS

FORMATS = ("toggl", "clockify", "kimai", "timetagger", "punchclock")
_ROW = re.compile(r"row (\d+)")


class _DryRun(Exception):
    def __init__(self, outcome: entries.Outcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


class _OneSession:
    """Runs the batch-per-transaction TimeTagger importer inside one outer transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def call(self, fn: Callable[..., Any], *args: Any, write: bool = True, **kwargs: Any) -> Any:
        return fn(self.session, *args, **kwargs)


def import_text(
    db: Database,
    fmt: str,
    text: str,
    account: Account,
    name: str,
    timezone: str | None = None,
    dry_run: bool = False,
    rights: entries.Rights | None = None,
    progress: Progress | None = None,
) -> entries.Outcome:
    """Import ``text`` (a whole file) into ``account``; raises ValidationFailed when it is unreadable."""
    if fmt not in FORMATS:
        raise ValidationFailed(f"format must be one of {', '.join(FORMATS)}", field="format")
    try:
        zone = get_zone(timezone or account.timezone)
    except TimeParseError as exc:
        raise ValidationFailed(str(exc), field="timezone") from exc
    out = entries.Outcome(fmt, account.username, dry_run)
    try:
        if fmt == "timetagger":
            source = csvfile.read_lines(text.splitlines(keepends=True), name, zone, now_ts())
        else:
            parsed = formats.READERS[fmt](text, zone)
    except (FormatError, SourceError) as exc:
        raise ValidationFailed(f"{name}: {exc}", code="unreadable_file") from exc

    def work(session: Session) -> entries.Outcome:
        if fmt == "timetagger":
            _timetagger(session, account, source, out, progress)
        else:
            if progress is not None:
                progress.begin(name, len(parsed.rows))
            advance = progress.advance if progress is not None else None
            entries.apply(session, account.id, parsed, out, rights or entries.Rights(), advance)
            if parsed.settings:
                tally = service.settings_batch(session, account.id, parsed.settings[:MAX_ITEMS])
                out.settings = tally.imported + tally.updated
        if dry_run:
            raise _DryRun(out)
        if out.imported or out.settings:
            _announce(session, account, out, name)
        return out

    try:
        return db.call(work)
    except _DryRun as done:
        return done.outcome


def _announce(session: Session, account: Account, out: entries.Outcome, name: str) -> None:
    """One import.completed event for the whole file (the batches' own events stay quiet)."""
    session.info.pop(event_service.QUIET, None)
    summary = {"source": name, "format": out.format, "imported": out.imported, "duplicates": out.duplicates,
               "rejected": len(out.rejected), "settings": out.settings}  # fmt: skip
    event_service.emit(session, "import.completed", summary, user_id=account.id, actor_id=None)


def _timetagger(
    session: Session, account: Account, source: Any, out: entries.Outcome, progress: Progress | None
) -> None:
    result = FileSummary(source.name, None, account.username)
    service.import_source(_OneSession(session), account, source, result, progress=progress)  # type: ignore[arg-type]
    if result.error:
        raise ValidationFailed(result.error, code="import_failed")
    tally = result.records
    out.rows = tally.total
    out.imported = tally.imported + tally.updated
    out.duplicates = tally.unchanged
    for failure in tally.failed:
        m = _ROW.search(failure.reason)
        out.rejected.append(Rejected(int(m.group(1)) if m else 0, f"{failure.key}: {failure.reason}"))
