"""SQLite's side: copies made with SQLite's online backup API.

Notes:
The backup reads the live database through its own connection in one step (``pages=-1``): that is
one read transaction, so the copy is the database as of one moment, and in WAL mode the server's
writers carry on meanwhile (a reader never blocks them). Copying page by page in several steps
would let writes in between restart the copy, possibly for ever on a busy server.
A restore goes the same way in reverse, from the checked and migrated copy into the target file,
under the target's write lock: a server that still has the file open sees the old or the new
database, never a mixture, and the file keeps its WAL and -shm companions consistent (replacing
the file underneath would not).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from punchclock.backup.manifest import invalid_backup
from punchclock.errors import ServiceUnavailable, ValidationFailed

BUSY_TIMEOUT_MS = 15000


def database_path(url: str) -> Path:
    name = make_url(url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        raise ValidationFailed(f"Cannot back up or restore the SQLite database {url}", code="backup_target")
    return Path(name)


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        yield conn
    finally:
        conn.close()


def dump(source: Path, out: Path) -> None:
    """Copy the live database ``source`` to the new file ``out`` (one file, no WAL)."""
    if not source.is_file():
        raise ValidationFailed(f"There is no database at {source}", code="backup_no_database")
    try:
        with _connect(source) as src, _connect(out) as dst:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as exc:
        raise ServiceUnavailable(f"SQLite could not copy {source}: {exc}", code="backup_failed") from exc


def check(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database."""
    try:
        with _connect(path) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise invalid_backup(f"the database is not readable ({exc})") from exc
    if not result or result[0] != "ok":
        raise invalid_backup(f"the database fails SQLite's check ({result[0] if result else '?'})")


def load(copy: Path, target: Path) -> None:
    """Replace the contents of ``target`` (created if missing) with the database ``copy``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _connect(copy) as src, _connect(target) as dst:
            dst.execute("PRAGMA journal_mode=WAL")
            src.execute("PRAGMA journal_mode=WAL")  # the page sizes and modes must agree
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        raise ServiceUnavailable(f"SQLite could not write {target}: {exc}", code="restore_failed") from exc
