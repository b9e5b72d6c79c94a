"""Importing rows from other tools as entries: names matched or created, duplicates skipped.

Notes:
Clients, projects and tasks are matched by name, case-insensitively (a project by name and
client when the row names a client). A missing one is created when the caller may create it
(the CLI always may; over the API it takes write:clients, write:projects or write:tasks);
otherwise the row is rejected with that reason. Every entry gets a key: the source's own id
when it has a stable one (Punchclock's export), else a digest of the start, end, description,
project and task. The key is the entry's sync key, unique per user in the database, so a second
run of the same file adds nothing: the rows are counted as duplicates. The whole file is one
transaction: a dry run does all the work and rolls it back, so it reports exactly what a real
run would do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from punchclock.approval import lock
from punchclock.client import service as client_service
from punchclock.entry import bulk, future
from punchclock.errors import AppError
from punchclock.importer import repository
from punchclock.importer.rows import Rejected, Row
from punchclock.kit.tags import TagError, normalize_tags
from punchclock.kit.timeutil import MAX_TS, MIN_TS, now_ts
from punchclock.overlap import service as overlap
from punchclock.project import service as project_service
from punchclock.project import visibility
from punchclock.task import service as task_service

BATCH = 1000
MAX_NAME = 200
MAX_NOTES = 10_000


@dataclass(frozen=True, slots=True)
class Rights:
    clients: bool = True
    projects: bool = True
    tasks: bool = True


@dataclass
class Counts:
    """What one account got from a file: the import.completed event of that account carries these."""

    account: str
    rows: int = 0
    imported: int = 0
    updated: int = 0  # TimeTagger records that were there and changed; entries are never updated
    duplicates: int = 0
    rejected: int = 0
    settings: int = 0  # settings written (Punchclock's account export)


@dataclass
class Outcome:
    format: str
    account: str | None  # None when each row went to its person's account (by_user)
    dry_run: bool
    rows: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    created: dict[str, list[str]] = field(
        default_factory=lambda: {"clients": [], "projects": [], "tasks": []}
    )
    accounts: dict[int, Counts] = field(default_factory=dict)  # by user id

    def counts(self, user_id: int, username: str) -> Counts:
        return self.accounts.setdefault(user_id, Counts(username))

    @property
    def imported(self) -> int:
        return sum(c.imported for c in self.accounts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.accounts.values())

    @property
    def duplicates(self) -> int:
        return sum(c.duplicates for c in self.accounts.values())

    @property
    def settings(self) -> int:
        return sum(c.settings for c in self.accounts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "account": self.account,
            "by_user": self.account is None,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "settings": self.settings,
            "rejected": [
                {"line": r.line, "reason": r.reason} for r in sorted(self.rejected, key=lambda r: r.line)
            ],
            "created": self.created,
            "accounts": [asdict(c) for c in sorted(self.accounts.values(), key=lambda c: c.account)],
        }


class Names:
    """Clients, projects and tasks by lower-cased name, filled as they are created."""

    def __init__(self, session: Session, rights: Rights, out: Outcome, hints: dict[str, dict]) -> None:
        self.session, self.rights, self.out, self.hints = session, rights, out, hints
        self.clients = {r.name.lower(): r.id for r in repository.clients(session)}
        self.projects: dict[str, list[Any]] = {}
        for p in repository.projects(session):
            self.projects.setdefault(p.name.lower(), []).append(p)
        self.tasks = {(t.project_id, t.name.lower()): t.id for t in repository.tasks(session)}
        self._private: dict[int, frozenset[int]] = {}

    def _usable(self, p: Any, user_id: int) -> bool:
        """Whether ``user_id`` may track on ``p`` (punchclock.project.visibility), asked once per user."""
        if not p.is_private:
            return True
        if user_id not in self._private:
            self._private[user_id] = visibility.private_trackable(self.session, user_id)
        return p.id in self._private[user_id]

    def _create(
        self, create: Callable[[Session, dict[str, Any]], dict[str, Any]], data: dict[str, Any]
    ) -> int:
        try:
            with self.session.begin_nested():  # a refused creation leaves the rest of the import intact
                return int(create(self.session, data)["id"])
        except AppError as exc:
            raise ValueError(f"{data['name']!r}: {exc.message}") from exc

    def client(self, name: str) -> int | None:
        if not name:
            return None
        found = self.clients.get(name.lower())
        if found is None:
            if not self.rights.clients:
                raise ValueError(f"client {name!r} does not exist (creating clients needs write:clients)")
            found = self._create(client_service.create, {"name": name})
            self.clients[name.lower()] = found
            self.out.created["clients"].append(name)
        return found

    def project(self, name: str, client: str, user_id: int) -> tuple[int | None, bool]:
        """The project's id and billable default, among those ``user_id`` may track on."""
        if not name:
            return None, False  # time on no project bills nobody
        client_id = self.client(client) if client else None
        candidates = [
            p for p in self.projects.get(name.lower(), []) if client_id is None or p.client_id == client_id
        ]
        match = next((p for p in candidates if self._usable(p, user_id)), None)
        if match is None:
            if not self.rights.projects:
                # The same words whether the name is nobody's or a private project's: it tells nothing.
                raise ValueError(f"project {name!r} does not exist (creating projects needs write:projects)")
            if candidates:
                # The importer sees it (projects are theirs to manage); its private twin is never made.
                raise ValueError(f"project {name!r} is private and this account is not one of its members")
            hint = self.hints.get(name.lower(), {})
            billable = hint.get("billable", True) is not False
            data: dict[str, Any] = {"name": name, "client_id": client_id, "billable": billable}
            for extra in ("hourly_rate", "estimated_hours", "color", "description"):
                if hint.get(extra) is not None:
                    data[extra] = Decimal(str(hint[extra])) if extra == "hourly_rate" else hint[extra]
            match = _Project(
                self._create(project_service.create, data), name, client_id, "active", billable, False
            )
            self.projects.setdefault(name.lower(), []).append(match)
            self.out.created["projects"].append(name)
        if match.status == "archived":
            raise ValueError(f"project {name!r} is archived")
        return match.id, bool(match.billable)

    def task(self, project_id: int | None, name: str) -> int | None:
        if not name or project_id is None:
            return None
        found = self.tasks.get((project_id, name.lower()))
        if found is None:
            if not self.rights.tasks:
                raise ValueError(f"task {name!r} does not exist (creating tasks needs write:tasks)")
            found = self._create(task_service.create, {"name": name, "project_id": project_id})
            self.tasks[(project_id, name.lower())] = found
            self.out.created["tasks"].append(name)
        return found


@dataclass(frozen=True, slots=True)
class _Project:
    id: int
    name: str
    client_id: int | None
    status: str
    billable: bool
    is_private: bool


def row_key(row: Row) -> str:
    if row.key:
        return row.key[:64]
    text = "\x1f".join((str(row.start), str(row.end), row.description, row.project.lower(), row.task.lower()))
    return "imp" + hashlib.sha256(text.encode()).hexdigest()[:29]


def _clean(text: str, limit: int, what: str) -> str:
    text = text.replace("\x00", "").strip()
    if len(text) > limit:
        raise ValueError(f"{what} is longer than {limit} characters")
    return text


def _entry(session: Session, user_id: int, row: Row, key: str, names: Names) -> bulk.NewEntry:
    if row.end <= row.start:
        raise ValueError("the end is not after the start")
    if not MIN_TS <= row.start < MAX_TS or row.end > MAX_TS:
        raise ValueError("times must fall between 1970 and 2099")
    refused = future.refusal(row.start, row.end, now_ts())
    if refused is not None:
        raise ValueError(refused[2])
    locked = lock.refusal(session, user_id, (row.start, row.end))
    if locked is not None:
        raise ValueError(locked.message)
    overlapping, _ = overlap.refusal(session, user_id, row.start, row.end)
    if overlapping is not None:
        raise ValueError(overlapping.message)
    project_id, billable_default = names.project(
        _clean(row.project, MAX_NAME, "project name"), _clean(row.client, MAX_NAME, "client name"), user_id
    )
    task_id = names.task(project_id, _clean(row.task, MAX_NAME, "task name"))
    try:
        tags = normalize_tags(list(row.tags))
    except TagError as exc:
        raise ValueError(f"tags: {exc}") from exc
    billable = row.billable if row.billable is not None else billable_default
    notes = _clean(row.description, MAX_NOTES, "description")
    return bulk.NewEntry(key, row.start, row.end, notes, tags, billable, project_id, task_id)


def apply(
    session: Session,
    user_id: int,
    rows: list[Row],
    names: Names,
    counts: Counts,
    out: Outcome,
    advance: Callable[[int], None] | None = None,
) -> None:
    """Write ``rows`` as ``user_id``'s entries, counted in ``counts`` (the caller commits or rolls back)."""
    counts.rows += len(rows)
    seen: set[str] = set()
    # The stamp first: it takes the user's sync lock and reads the lock rule's input, so the rows
    # are checked against the lock as it stands until this import commits.
    st = bulk.begin(session, user_id) if rows else None
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        keyed = [(row, row_key(row)) for row in batch]
        stored = bulk.existing_keys(session, user_id, [k for _, k in keyed])
        new = []
        for row, key in keyed:
            if key in stored or key in seen:
                counts.duplicates += 1
                continue
            try:
                new.append(_entry(session, user_id, row, key, names))
            except ValueError as exc:
                out.rejected.append(Rejected(row.line, str(exc)))
                counts.rejected += 1
                continue
            seen.add(key)
        counts.imported += bulk.add_finished(session, user_id, new, st=st)
        if advance is not None:
            advance(len(batch))
