"""Adding many finished entries at once (imports), with one sync stamp for the whole batch.

Notes:
An import may bring tens of thousands of entries; creating them one by one through
``entry.service.create`` re-reads each and costs minutes. Here a batch is checked in Python and
inserted with one executemany. All its entries share the transaction's sync stamp, as a sync
push's records do: they become visible together at commit, so ``updates?since=`` still sees each
exactly once. Imported entries never run, so the one-running-timer index is not involved.
Their tags follow the one rule (punchclock.kit.tags): the row's tags and those in its description.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from punchclock.entry import repository
from punchclock.history import record as history
from punchclock.kit.tags import entry_tags
from punchclock.kit.timeutil import now_ts
from punchclock.sync.stamp import stamp


@dataclass(frozen=True, slots=True)
class NewEntry:
    key: str
    start: int
    end: int
    notes: str
    tags: str  # normalised (punchclock.kit.tags)
    billable: bool
    project_id: int | None
    task_id: int | None


def existing_keys(session: Session, user_id: int, keys: list[str]) -> set[str]:
    return repository.existing_keys(session, user_id, keys)


def begin(session: Session, user_id: int) -> float:
    """Take the user's sync stamp for a batch (before its rows are checked against the lock)."""
    return stamp(session, user_id)


def add_finished(
    session: Session, user_id: int, entries: list[NewEntry], source: str = "import", st: float | None = None
) -> int:
    if not entries:
        return 0
    if st is None:
        st = stamp(session, user_id)
    now = now_ts()
    mt = float(now)
    rows = [
        {
            "user_id": user_id, "project_id": e.project_id, "task_id": e.task_id, "start_at": e.start,
            "end_at": e.end, "notes": e.notes, "tags": entry_tags(e.notes, e.tags), "billable": e.billable,
            "source": source,
            "sync_key": e.key, "mt": mt, "st": st, "created_at": now, "updated_at": now,
        }
        for e in entries
    ]  # fmt: skip
    repository.add_many(session, rows)
    history.record_keys(session, user_id, [e.key for e in entries], "create")
    return len(rows)
