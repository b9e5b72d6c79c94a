"""``updates?since=``: everything stamped after a client's cursor, streamed from one snapshot.

Notes:
``server_time`` is the user's ``last_st`` read in the same snapshot (one REPEATABLE READ
transaction on PostgreSQL, one read transaction on SQLite) as the records, so every record the
snapshot holds has ``st <= server_time`` and every change committed later has a larger stamp
(see stamp.py). The next poll asks for ``st > server_time``: strictly greater, unlike TimeTagger's
``>=``, because stamps are unique per user and the records at exactly ``server_time`` were in this
answer already.
A whole history (since=0) is written in chunks of ``BATCH`` records, read from the driver as they
come (feed_repository), so memory stays flat however long the history. A poll first reads the
cursor alone (peek): when nothing is new, that one statement is the whole answer.
The records a sync push stored whole (feed_repository.STORED says when that counts) are copied into
the answer as they are; the others are rendered here from their fields. The records come in no
particular order (a client applies them by key): ordering a long history by stamp cost PostgreSQL
a sort larger than its work_mem.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.hotread import Rows
from punchclock.sync import feed_repository, repository
from punchclock.sync.ds import render
from punchclock.sync.service import setting_dict
from punchclock.sync.stamp import peek_state, read_state

BATCH = 2500  # records a chunk: one thread hop each (and, on SQLite, one fetchmany)


@dataclass(frozen=True, slots=True)
class Head:
    user_id: int
    since: float
    server_time: float
    reset: bool

    @property
    def nothing_new(self) -> bool:
        return not self.reset and self.since >= self.server_time

    def empty(self) -> dict[str, object]:
        return {"server_time": self.server_time, "reset": False, "records": [], "settings": []}


def peek(rows: Rows, user_id: int, since: float) -> Head:
    """The cursor as committed now, read alone (Database.read_hot): when it says nothing is new,
    that is the answer, with no snapshot to open. Every change committed later takes a larger
    stamp (see stamp.py), so the next poll, from this server_time, finds it."""
    last_st, reset_st = peek_state(rows, user_id)
    return Head(user_id, since, last_st, since < reset_st)


def start(session: Session, user_id: int, since: float) -> Head:
    """Open the snapshot and read the cursor: the first statement of the read transaction."""
    repository.begin_snapshot(session)
    last_st, reset_st = read_state(session, user_id)
    return Head(user_id, since, last_st, since < reset_st)


def chunks(session: Session, head: Head) -> Generator[bytes]:
    """The JSON answer in pieces, from the snapshot ``start`` opened."""
    # since <= 0 asks for everything: also rows that were never stamped (st 0, written by hand).
    since = None if head.reset or head.since <= 0 else head.since
    yield b'{"server_time":%s,"reset":%s,"records":[' % (
        orjson.dumps(head.server_time),
        b"true" if head.reset else b"false",
    )
    separator = b""
    for stored, to_render in feed_repository.feed_since(session, head.user_id, since, BATCH):
        for piece in (stored, _records_json(to_render) if to_render else b""):
            if piece:
                yield separator + piece
                separator = b","
    settings = [setting_dict(row) for row in repository.settings_since(session, head.user_id, since)]
    yield b'],"settings":%s}' % orjson.dumps(settings)


def _records_json(rows: Sequence[Any]) -> bytes:
    """A chunk of FEED_COLUMNS rows as TimeTagger records, comma-separated: the same objects as
    service.record() makes, built inline because this runs once per record of a whole history."""
    return orjson.dumps(
        [
            {
                "key": key,
                "t1": t1,
                "t2": t2,
                "ds": render(notes, tags, project_tag, deleted_at is not None),
                "mt": int(mt) if mt.is_integer() else mt,
                "st": st,
            }
            for key, t1, t2, mt, st, notes, tags, project_tag, deleted_at in rows
        ]
    )[1:-1]
