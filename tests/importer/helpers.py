"""The TimeTagger fixture (tests/fixtures/timetagger, written by a real TimeTagger 26.1.3 server) and
helpers to import it and read the result back."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import orjson

from punchclock.db import Database
from punchclock.sync import service as sync_service

FIXTURE = Path(__file__).parent.parent / "fixtures" / "timetagger"
ALICE_FILE = FIXTURE / "users" / "Alice~QWxpY2U=.db"
BOB_FILE = FIXTURE / "users" / "bob-example-com~Ym9iQGV4YW1wbGUuY29t.db"
EXPORT_CSV = FIXTURE / "alice-export.csv"
EXPORT_ZONE = "Europe/Amsterdam"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text())
MT = 1_706_000_000  # the fixture's modification times start here
BAD_KEY = "aliceBad"  # TimeTagger stored it with t1 > t2; Punchclock refuses it


def expected(tt_user: str) -> dict[str, dict[str, Any]]:
    """What the TimeTagger server held for ``tt_user``: records and settings by key, without ``st``."""
    data = EXPECTED[tt_user]
    return {
        kind: {item["key"]: {k: v for k, v in item.items() if k != "st"} for item in data[kind]}
        for kind in ("records", "settings")
    }


def copy_data_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture's data folder (users/ only)."""
    target = tmp_path / "ttdata"
    shutil.copytree(FIXTURE / "users", target / "users")
    return target


def copy_csv(tmp_path: Path, mtime: int = MT + 10_000) -> Path:
    """The export CSV with a known file time (a CSV's rows get the file's time as their mt)."""
    target = tmp_path / "export.csv"
    shutil.copy(EXPORT_CSV, target)
    os.utime(target, (mtime, mtime))
    return target


def stored_records(db: Database, user_id: int) -> dict[str, dict[str, Any]]:
    found = db.call(sync_service.get_records, user_id, 0, 4_102_444_799, write=False)
    return {r["key"]: {k: v for k, v in r.items() if k != "st"} for r in found}


def stored_settings(db: Database, user_id: int) -> dict[str, Any]:
    found = db.call(sync_service.get_settings, user_id, write=False)
    return {s["key"]: (orjson.loads(orjson.dumps(s["value"])), s["mt"]) for s in found}


def counts(tally: Any) -> tuple[int, int, int, int]:
    return tally.imported, tally.updated, tally.unchanged, len(tally.failed)
