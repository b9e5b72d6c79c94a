"""One import of a file in any supported format, as a whole transaction, or as a dry run.

Notes:
Toggl, Clockify, Kimai and Punchclock files go through punchclock.importer.entries; TimeTagger's
CSV goes through the sync API's push (punchclock.importer.service) as it always has, so its
records keep their TimeTagger keys and rules. Either way the file is applied in one transaction
here; a dry run raises ``_DryRun`` at the end of it, which makes the database roll everything
back, and hands the outcome out: the report of a dry run is the report of a real run.
A file goes into one account, unless it is imported by user: then each row goes into the account
of the person it names (punchclock.importer.owners), counted per account, and each account the
file changed gets its own import.completed event. A file naming several people is refused
without it, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from punchclock.db import Database
from punchclock.errors import ValidationFailed
from punchclock.event import service as event_service
from punchclock.history import record as history
from punchclock.importer import csvfile, entries, formats, owners, service
from punchclock.importer.rows import FormatError, Parsed, Rejected
from punchclock.importer.service import Account, Progress
from punchclock.importer.source import SourceError
from punchclock.importer.summary import EVENT, FileSummary, completed
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
    account: Account | None,
    name: str,
    timezone: str | None = None,
    dry_run: bool = False,
    rights: entries.Rights | None = None,
    progress: Progress | None = None,
    *,
    by_user: bool = False,
    actor_id: int | None = None,
    remember: Callable[[Session, entries.Outcome], None] | None = None,
) -> entries.Outcome:
    """Import ``text`` (a whole file) into ``account``, or with ``by_user`` each row into the account of
    the person it names; raises ValidationFailed when the file is unreadable or names several people
    (without ``by_user``). ``account``'s time zone is the default one; ``actor_id`` who imports.
    ``remember(session, outcome)`` runs in the import's transaction, unless it is a dry run."""
    if fmt not in FORMATS:
        raise ValidationFailed(f"format must be one of {', '.join(FORMATS)}", field="format")
    if by_user and fmt == "timetagger":
        raise ValidationFailed(
            "TimeTagger's export names no people: import it into one account", field="by_user"
        )
    into = None if by_user else account  # None: each row into its person's account
    if into is None and not by_user:
        raise ValidationFailed("Name the account to import into", field="account")
    zone_name = timezone or (account.timezone if account is not None else None)
    if zone_name is None:
        raise ValidationFailed("Name the time zone of the file's local times", field="timezone")
    try:
        zone = get_zone(zone_name)
    except TimeParseError as exc:
        raise ValidationFailed(str(exc), field="timezone") from exc
    out = entries.Outcome(fmt, into.username if into is not None else None, dry_run)
    try:
        if fmt == "timetagger":
            source = csvfile.read_lines(text.splitlines(keepends=True), name, zone, now_ts())
        else:
            parsed = formats.READERS[fmt](text, zone)
    except (FormatError, SourceError) as exc:
        raise ValidationFailed(f"{name}: {exc}", code="unreadable_file") from exc
    if into is not None and fmt != "timetagger":
        _one_person(parsed, name, into)

    def work(session: Session) -> entries.Outcome:
        history.acting(session, "import", actor_id)
        if fmt == "timetagger" and into is not None:  # always: a TimeTagger CSV is never by user
            _timetagger(session, into, source, out, progress)
        else:
            _entries(session, parsed, into, out, rights or entries.Rights(), progress, name)
        if dry_run:
            raise _DryRun(out)
        _announce(session, out, name, actor_id)
        if remember is not None:
            remember(session, out)
        return out

    try:
        return db.call(work)
    except _DryRun as done:
        return done.outcome


def _one_person(parsed: Parsed, name: str, account: Account) -> None:
    """Refuse a team export: merging everyone's time into one account is never what was meant."""
    people = owners.people(parsed.rows)
    if len(people) > 1:
        raise ValidationFailed(
            f"{name} holds the time of {owners.several(people)}; importing it would put all of it into "
            f"{account.username}'s account. An admin can import it by user (API: by_user=true, CLI: "
            "--by-user), which gives each row to the account of its person; or split the file by person "
            "and import each part into that person's account.",
            code="several_people",
            people=len(people),
        )


def _entries(
    session: Session,
    parsed: Parsed,
    account: Account | None,
    out: entries.Outcome,
    rights: entries.Rights,
    progress: Progress | None,
    name: str,
) -> None:
    """The rows into ``account``, or (None) each into its person's account; the settings of an
    account export into the one account the rows went to."""
    if account is None:
        assigned = owners.assign(session, parsed.rows)
        groups, usernames = assigned.rows, assigned.usernames
    else:
        groups, usernames = {account.id: parsed.rows}, {account.id: account.username}
    out.rows = len(parsed.rows) + len(parsed.rejected)
    out.rejected.extend(parsed.rejected)
    if progress is not None:
        progress.begin(name, len(parsed.rows))
    advance = progress.advance if progress is not None else None
    names = entries.Names(session, rights, out, parsed.projects)
    for user_id, rows in groups.items():
        entries.apply(session, user_id, rows, names, out.counts(user_id, usernames[user_id]), out, advance)
    if account is None:
        out.rejected.extend(assigned.rejected)
        if advance is not None:
            advance(len(assigned.rejected))
    else:  # every row is this account's, the unreadable ones too
        counts = out.counts(account.id, account.username)
        counts.rows += len(parsed.rejected)
        counts.rejected += len(parsed.rejected)
    if parsed.settings and len(groups) == 1:
        (user_id,) = groups
        tally = service.settings_batch(session, user_id, parsed.settings[:MAX_ITEMS])
        out.accounts[user_id].settings = tally.imported + tally.updated


def _announce(session: Session, out: entries.Outcome, name: str, actor_id: int | None) -> None:
    """One import.completed event per account the file changed, owned by that account (so its
    sockets and webhooks hear it, as for any of its entries); the batches' own events stay quiet."""
    session.info.pop(event_service.QUIET, None)
    for user_id, c in out.accounts.items():
        if c.imported or c.updated or c.settings:
            obj = completed(name, out.format, c.imported, c.updated, c.duplicates, c.rejected, c.settings)
            event_service.emit(session, EVENT, obj, user_id=user_id, actor_id=actor_id)


def _timetagger(
    session: Session, account: Account, source: Any, out: entries.Outcome, progress: Progress | None
) -> None:
    result = FileSummary(source.name, None, account.username)
    service.import_source(
        _OneSession(session),  # type: ignore[arg-type]
        account, source, result, progress=progress, fmt="timetagger", announce=False,
    )  # fmt: skip
    if result.error:
        raise ValidationFailed(result.error, code="import_failed")
    tally = result.records
    out.rows = tally.total
    counts = out.counts(account.id, account.username)
    counts.rows, counts.imported, counts.updated = tally.total, tally.imported, tally.updated
    counts.duplicates, counts.rejected = tally.unchanged, len(tally.failed)
    for failure in tally.failed:
        m = _ROW.search(failure.reason)
        out.rejected.append(Rejected(int(m.group(1)) if m else 0, f"{failure.key}: {failure.reason}"))
