"""Reading a TimeTagger server's data folder: one SQLite file per user, items stored as JSON.

Notes:
TimeTagger (26.1.3) keeps ``<datadir>/users/<name>~<base64url(username)>.db`` per user, written
with the itemdb library: tables ``records``, ``settings`` and ``userinfo``, each row's item a JSON
object in the ``_ob`` column (the other columns are index copies of its fields). ``userinfo``
holds token seeds and the reset time, which mean nothing to Punchclock, so only records and
settings are read. The name before the '~' is a lossy, readable copy; the part after it gives
the exact username back. Files are opened read-only, so a TimeTagger server may keep running.
Each file is read whole before anything is written, so a damaged file is refused as a unit.
"""

from __future__ import annotations

import binascii
import json
import sqlite3
from base64 import urlsafe_b64decode
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from punchclock.importer.source import Source, SourceError

TABLES = ("records", "settings")


@dataclass(frozen=True, slots=True)
class UserFile:
    path: Path
    username: str | None  # None when the file name does not say (then only --user can place it)


def username_of(path: Path) -> str | None:
    """The TimeTagger username a user file belongs to, from its name (None if it does not encode one)."""
    stem = path.name.removesuffix(".db")
    if "~" not in stem:
        return None
    encoded = stem.rsplit("~", 1)[1]
    try:
        name = urlsafe_b64decode(encoded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    return name or None


def find_user_files(path: Path) -> list[UserFile]:
    """The user files at ``path``: a data folder (with ``users/``), the ``users`` folder, or one file."""
    if path.is_file():
        return [UserFile(path, username_of(path))]
    if not path.is_dir():
        raise SourceError(f"{path} does not exist")
    folder = path / "users" if (path / "users").is_dir() else path
    files = sorted(p for p in folder.iterdir() if p.suffix == ".db" and p.is_file())
    if not files:
        raise SourceError(f"no TimeTagger user files (*.db) in {folder}")
    return [UserFile(p, username_of(p)) for p in files]


def _items(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    items = []
    for n, (text,) in enumerate(conn.execute(f"SELECT _ob FROM {table}"), 1):  # noqa: S608 (fixed names)
        try:
            item = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise SourceError(f"row {n} of table {table!r} is not JSON: {exc}") from exc
        if not isinstance(item, dict):
            raise SourceError(f"row {n} of table {table!r} is not a JSON object")
        items.append(item)
    return items


def read_user_file(user_file: UserFile) -> Source:
    """Every record and setting in one TimeTagger user file, as stored (TimeTagger's ``st`` dropped)."""
    path = user_file.path
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = [t for t in TABLES if t not in found]
            if missing:
                raise SourceError(f"not a TimeTagger user database (no {' or '.join(missing)} table)")
            records, settings = (_items(conn, table) for table in TABLES)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise SourceError(f"{path.name}: not a readable SQLite database ({exc})") from exc
    except SourceError as exc:
        raise SourceError(f"{path.name}: {exc}") from exc
    for item in records + settings:
        item.pop("st", None)
    return Source(path.name, user_file.username, records, settings)
