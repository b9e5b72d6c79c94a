"""Make a backup file of a deployment, and restore one.

Notes:
A backup is one file (punchclock.backup.archive): the database as of one moment, the server secret
that signs web and sync tokens, and a manifest with checksums. It is taken online: SQLite through
its backup API, PostgreSQL through pg_dump's snapshot; the server keeps serving meanwhile.
A restore checks the whole file first, refuses to replace a database that holds data unless told
to, writes the database, brings it up to this version's schema, and pauses webhook sending in it
(punchclock.webhook.pause): a restored copy must not send the original's hooks again on its own.
A backup restores into the same kind of database it came from; SQLite and PostgreSQL dumps do not
translate into each other.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from punchclock import __version__
from punchclock.backup import archive, postgres, repository, sqlite
from punchclock.backup.manifest import Manifest, invalid_backup, part_of
from punchclock.config import Settings
from punchclock.db import Database
from punchclock.errors import Conflict
from punchclock.kit.timeutil import iso
from punchclock.webhook import pause

SECRET = "secret.key"
PAUSE_REASON = "restored from a backup"


@dataclass(frozen=True, slots=True)
class Restored:
    manifest: Manifest
    revision: str | None  # the schema's revision after restoring (and migrating)
    secret: str  # "written" (to <data_dir>/secret.key), "same" (env) or "differs" (env)
    pending_deliveries: int
    warnings: list[str] = field(default_factory=list)

    @property
    def migrated(self) -> bool:
        return self.revision != self.manifest.alembic_revision


def kind_of(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


def default_name(now: float | None = None) -> str:
    return time.strftime("punchclock-backup-%Y%m%d-%H%M%S.tar", time.gmtime(now))


@contextlib.contextmanager
def _engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        yield engine
    finally:
        engine.dispose()


def _server_major(url: str) -> int:
    with _engine(url) as engine:
        return repository.server_major(engine)


def create(settings: Settings, path: Path) -> tuple[Path, Manifest]:
    """Write a backup of the deployment of ``settings`` to ``path`` (a folder: a dated name in it).

    Returns the file written and its manifest."""
    url = settings.effective_database_url
    kind = kind_of(settings)
    path = path.absolute()
    if path.is_dir():
        path = path / default_name()
    manifest = Manifest(__version__, None, kind, iso(int(time.time())) or "")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".punchclock-backup-") as tmp:
        dump = Path(tmp) / manifest.database_part
        if kind == "sqlite":
            sqlite.dump(sqlite.database_path(url), dump)
            with _engine(f"sqlite:///{dump}") as engine, engine.connect() as conn:
                revision = repository.revision(conn)
        else:
            postgres.dump(url, _server_major(url), dump)
            revision = postgres.dump_revision(dump)
        secret = Path(tmp) / SECRET
        _write_private(secret, settings.resolved_secret() + "\n")
        files = {manifest.database_part: dump, SECRET: secret}
        parts = tuple(part_of(name, file) for name, file in files.items())
        manifest = Manifest(__version__, revision, kind, manifest.created_at, parts)
        archive.write(path, manifest, files)
    return path, manifest


def restore(settings: Settings, path: Path, force: bool = False) -> Restored:
    """Restore the backup at ``path`` into the deployment of ``settings``."""
    url = settings.effective_database_url
    kind = kind_of(settings)
    target = sqlite.database_path(url) if kind == "sqlite" else None
    staging_parent = target.parent if target is not None else None
    if staging_parent is not None:
        staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_parent, prefix=".punchclock-restore-") as tmp:
        manifest, files = archive.read(path, Path(tmp))
        _check_fits(manifest, kind, url)
        secret = files[SECRET].read_text().strip()
        if not secret:
            raise invalid_backup("its secret.key is empty")
        if target is None or target.exists():
            _check_empty(url, force)
        dump = files[manifest.database_part]
        if target is not None:
            sqlite.check(dump)
            _migrate_and_pause(f"sqlite:///{dump}")
            sqlite.load(dump, target)
            revision, pending = _state(url)
        else:
            major = _server_major(url)
            with _engine(url) as engine:
                repository.drop_punchclock_tables(engine)
            postgres.load(url, major, dump)
            revision, pending = _migrate_and_pause(url)
    outcome, warnings = _restore_secret(settings, secret)
    return Restored(manifest, revision, outcome, pending, warnings)


def _check_fits(manifest: Manifest, kind: str, url: str) -> None:
    if manifest.database != kind:
        raise Conflict(
            f"This backup holds a {manifest.database} database and the target is {kind}; a backup "
            f"restores into the same kind of database only. Restore it into a {manifest.database} "
            "database (--database-url), or move accounts with `punchclock export` and `punchclock import`.",
            code="backup_kind_mismatch",
        )
    revision = manifest.alembic_revision
    if revision is not None and revision not in repository.known_revisions(url):
        raise Conflict(
            f"This backup was made by a newer Punchclock ({manifest.punchclock_version}, schema revision "
            f"{revision}); upgrade Punchclock ({__version__}) before restoring it.",
            code="backup_too_new",
        )


def _check_empty(url: str, force: bool) -> None:
    with _engine(url) as engine:
        filled = repository.tables_with_rows(engine)
    if filled and not force:
        raise Conflict(
            f"The target database already holds data ({', '.join(filled[:5])}"
            f"{', ...' if len(filled) > 5 else ''}); restoring replaces all of it. "
            "Pass --force to replace it.",
            code="database_not_empty",
        )


def _migrate_and_pause(url: str) -> tuple[str | None, int]:
    db = Database(url, pool_size=1)
    try:
        db.migrate()
        db.call(pause.pause_sending, PAUSE_REASON)
    finally:
        db.dispose()
    return _state(url)


def _state(url: str) -> tuple[str | None, int]:
    db = Database(url, pool_size=1)
    try:
        with db.engine.connect() as conn:
            revision = repository.revision(conn)
        return revision, int(db.call(pause.state, write=False)["pending_deliveries"])
    finally:
        db.dispose()


def _restore_secret(settings: Settings, secret: str) -> tuple[str, list[str]]:
    if settings.secret_key is None:
        settings.ensure_data_dir()
        _write_private(settings.data_dir / SECRET, secret + "\n", replace=True)
        return "written", []
    if settings.secret_key == secret:
        return "same", []
    return "differs", [
        "PUNCHCLOCK_SECRET_KEY is set and differs from the secret in the backup: web sessions and "
        "TimeTagger sync tokens signed by the backed-up server will NOT verify here (people sign in "
        "again; API tokens keep working). To keep them, set PUNCHCLOCK_SECRET_KEY to the backup's "
        "secret (`tar -xOf BACKUP secret.key`)."
    ]


def _write_private(path: Path, text: str, replace: bool = False) -> None:
    """Write ``text`` to ``path`` with mode 0600; with ``replace``, atomically over an existing file."""
    if not replace:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
