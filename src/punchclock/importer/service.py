"""Importing TimeTagger data into Punchclock accounts, through the sync API's own push.

Notes:
Every item goes through punchclock.sync.service.push_records / push_settings, so an import obeys
exactly what a TimeTagger client's push obeys: ds to notes, tags and tagged projects, HIDDEN as a
tombstone, the mt rule (a stored copy with a larger mt wins), the forcereset rule and one running
timer per account. Records are pushed with the running ones last, so the latest-started running
record is the one that keeps running.
Idempotency: before a batch is pushed, it is compared with what is stored under the same keys.
An item stored with the same content (whatever its mt), or with a larger mt (Punchclock's copy
is newer), is counted 'unchanged' and not pushed: a second run writes nothing at all, so
clients syncing the account are not sent the same records again.
Each batch commits on its own: a file is read whole (and refused whole if it is damaged) before
anything is written, and if the database fails half-way, the batches already committed stay and
running the import again completes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import orjson
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from punchclock.db import Database
from punchclock.errors import AppError
from punchclock.event import service as event_service
from punchclock.history import record as history
from punchclock.importer import csvfile, datadir
from punchclock.importer.source import Failure, Source, SourceError
from punchclock.importer.summary import EVENT, FileSummary, ImportSummary, Tally, completed
from punchclock.kit.timeutil import get_zone
from punchclock.sync import service as sync_service
from punchclock.sync.schemas import MAX_ITEMS, ItemError, RecordIn, item_key, record_in, setting_in
from punchclock.user import service as user_service

BATCH_SIZE = 1000
NO_KEY = "(no key)"


class Progress(Protocol):
    def begin(self, source: str, total: int) -> None: ...

    def advance(self, count: int) -> None: ...


class _Quiet:
    def begin(self, source: str, total: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    timezone: str


def find_account(session: Session, username: str) -> Account | None:
    user = user_service.get_by_username(session, username)
    return None if user is None else Account(user.id, user.username, user.timezone)


# Whole imports


def import_data_dir(
    db: Database,
    path: Path,
    username: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a TimeTagger data folder: each user file into the account of the same (lower-cased)
    name, or, with ``username``, the one file at ``path`` (or of that user) into that account.

    Raises SourceError when there is nothing to import at ``path``; a file that cannot be imported
    is reported in its FileSummary and the others are still imported.
    """
    files = datadir.find_user_files(path)
    if username is not None:
        files = [_pick(files, username, path)]
    summary = ImportSummary()
    for user_file in files:
        target = (username or user_file.username or "").strip().lower() or None
        result = FileSummary(user_file.path.name, user_file.username, target)
        summary.files.append(result)
        if target is None:
            result.error = "the file name does not say whose file it is: import it with --user"
            continue
        account = db.call(find_account, target, write=False)
        if account is None:
            result.error = f"no Punchclock account named {target!r}: create it, or choose one with --user"
            continue
        result.account = account.username
        try:
            source = datadir.read_user_file(user_file)
        except SourceError as exc:
            result.error = str(exc)
            continue
        import_source(db, account, source, result, batch_size, progress)
    return summary


def _pick(files: list[datadir.UserFile], username: str, path: Path) -> datadir.UserFile:
    if len(files) == 1:
        return files[0]
    name = username.strip().lower()
    matching = [f for f in files if f.username is not None and f.username.lower() == name]
    if len(matching) == 1:
        return matching[0]
    users = ", ".join(sorted(f.username or f.path.name for f in files))
    raise SourceError(
        f"{path} holds {len(files)} user files ({users}), none of them {name!r}'s "
        "in TimeTagger: point --data-dir at the file to import"
    )


def import_csv(
    db: Database,
    path: Path,
    username: str,
    timezone: str | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import TimeTagger's CSV export into one account; local times are read in ``timezone``
    (default: the account's)."""
    result = FileSummary(path.name, None, username.strip().lower())
    summary = ImportSummary([result])
    account = db.call(find_account, username, write=False)
    if account is None:
        result.error = f"no Punchclock account named {result.account!r}"
        return summary
    result.account = account.username
    try:
        source = csvfile.read_csv(path, get_zone(timezone or account.timezone))
    except SourceError as exc:
        result.error = str(exc)
        return summary
    import_source(db, account, source, result, batch_size, progress, fmt="timetagger")
    return summary


# One source


def import_source(
    db: Database,
    account: Account,
    source: Source,
    result: FileSummary,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    *,
    fmt: str = "timetagger-datadir",
    announce: bool = True,
) -> None:
    """Push a source's settings, then its records in batches (one transaction each), into ``result``;
    then announce it as import.completed (unless ``announce`` is False: the caller will)."""
    progress = progress or _Quiet()
    batch_size = max(1, min(batch_size, MAX_ITEMS))
    result.records.failed.extend(source.unreadable)
    settings = _unique(source.settings, result.settings)
    records = sorted(_unique(source.records, result.records), key=_running_last)
    progress.begin(source.username or source.name, len(settings) + len(records))
    try:
        if settings:
            result.settings.add(db.call(settings_batch, account.id, settings))
            progress.advance(len(settings))
        for batch in _batches(records, batch_size):
            result.records.add(db.call(_records_batch, account.id, batch))
            progress.advance(len(batch))
    except (AppError, SQLAlchemyError) as exc:
        done = result.records.total - len(result.records.failed)
        result.error = (
            f"stopped by a database error after {done} records ({exc}); "
            "the batches before it are saved and importing again completes the file"
        )
    changed = (
        result.records.imported + result.records.updated + result.settings.imported + result.settings.updated
    )
    if announce and changed:
        db.call(_announce, account.id, result, fmt)


def _announce(session: Session, user_id: int, result: FileSummary, fmt: str) -> None:
    records, settings = result.records, result.settings
    obj = completed(result.source, fmt, records.imported, records.updated, records.unchanged,
                    len(records.failed), settings.imported + settings.updated)  # fmt: skip
    event_service.emit(session, EVENT, obj, user_id=user_id, actor_id=None)


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _unique(items: list[Any], tally: Tally) -> list[Any]:
    """One item per key: a later one replaces an earlier one, which is reported."""
    by_key: dict[Any, Any] = {}
    for n, item in enumerate(items):
        key = item_key(item)
        if key is not None and key in by_key:
            tally.failed.append(Failure(key, "the same key again later in the file: the later one counts"))
        by_key[key if key is not None else ("no key", n)] = item
    return list(by_key.values())


def _running_last(item: Any) -> tuple[bool, float]:
    """Sort key: records that stop first, then running ones by start (the last one keeps running)."""
    if not isinstance(item, dict):
        return False, 0.0
    t1, t2 = item.get("t1"), item.get("t2")
    start = float(t1) if isinstance(t1, int | float) else 0.0
    hidden = isinstance(item.get("ds"), str) and item["ds"].startswith("HIDDEN")
    return t1 == t2 and not hidden, start


def _same_record(stored: dict[str, Any], record: RecordIn) -> bool:
    """Whether pushing ``record`` would change nothing that matters: the stored copy is newer, or it
    already says the same (only ``mt`` differs: a CSV's rows all carry the file's time)."""
    if stored["mt"] > record.mt:
        return True
    if stored["ds"] != record.ds or stored["t1"] != record.t1:
        return False
    # A tombstone pushed with t1 == t2 is stored with an end after its start.
    return bool(stored["t2"] == record.t2 or (record.hidden and record.t1 == record.t2))


def _records_batch(session: Session, user_id: int, items: list[Any]) -> Tally:
    history.acting(session, "import", None)  # unless the caller named who imports
    event_service.quiet(session)  # one import.completed event at the end, not one per record
    tally = Tally()
    parsed = []
    for item in items:
        try:
            parsed.append((item, record_in(item)))
        except ItemError as exc:
            tally.failed.append(Failure(item_key(item) or NO_KEY, str(exc)))
    stored = sync_service.get_records_by_keys(session, user_id, [r.key for _, r in parsed])

    def same(key: str, record: RecordIn) -> bool:
        return _same_record(stored[key], record)

    return _push(session, user_id, parsed, stored, same, sync_service.push_records, tally)


def settings_batch(session: Session, user_id: int, items: list[Any]) -> Tally:
    event_service.quiet(session)
    tally = Tally()
    parsed = []
    for item in items:
        try:
            parsed.append((item, setting_in(item)))
        except ItemError as exc:
            tally.failed.append(Failure(item_key(item) or NO_KEY, str(exc)))
    stored = {s["key"]: s for s in sync_service.get_settings(session, user_id)}

    def same(key: str, setting: Any) -> bool:
        old = stored[key]
        return bool(old["mt"] > setting.mt or orjson.dumps(old["value"]).decode() == setting.value)

    return _push(session, user_id, parsed, stored, same, sync_service.push_settings, tally)


def _push(
    session: Session,
    user_id: int,
    parsed: list[tuple[Any, Any]],
    stored: dict[str, Any],
    same: Callable[[str, Any], bool],
    push: Callable[[Session, int, list[Any]], dict[str, list[str]]],
    tally: Tally,
) -> Tally:
    """Push what is new or changed; count the rest as unchanged, and each push failure with its reason."""
    kinds: dict[str, str] = {}
    items = []
    for item, value in parsed:
        if value.key in stored and same(value.key, value):
            tally.unchanged += 1
            continue
        kinds[value.key] = "updated" if value.key in stored else "imported"
        items.append(item)
    if items:
        answer = push(session, user_id, items)
        for key, error in zip(answer["failed"], answer["errors"], strict=False):
            kinds.pop(key, None)
            tally.failed.append(Failure(key, error.removeprefix(f"{key!r}: ")))
    for kind in kinds.values():
        setattr(tally, kind, getattr(tally, kind) + 1)
    return tally
