"""The manifest of a backup: what made it, from which database, and a checksum of every part."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

from punchclock.errors import ValidationFailed

FORMAT_VERSION = 1
NAME = "manifest.json"
KINDS = ("sqlite", "postgresql")


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Manifest:
    punchclock_version: str
    alembic_revision: str | None
    database: str  # one of KINDS
    created_at: str  # ISO 8601, UTC
    parts: tuple[Part, ...] = field(default_factory=tuple)
    format_version: int = FORMAT_VERSION

    @property
    def database_part(self) -> str:
        return "database.sqlite3" if self.database == "sqlite" else "database.pgdump"

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def part_of(name: str, path: Path) -> Part:
    return Part(name, sha256_of(path), path.stat().st_size)


def invalid_backup(message: str) -> ValidationFailed:
    return ValidationFailed(f"Not a valid Punchclock backup: {message}", code="backup_invalid")


def parse(raw: bytes) -> Manifest:
    try:
        data: dict[str, Any] = orjson.loads(raw)
        version = data["format_version"]
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise invalid_backup(f"format version {version!r} is newer than this Punchclock reads")
        parts = tuple(Part(str(p["name"]), str(p["sha256"]), int(p["size"])) for p in data["parts"])
        manifest = Manifest(
            punchclock_version=str(data["punchclock_version"]),
            alembic_revision=data["alembic_revision"],
            database=str(data["database"]),
            created_at=str(data["created_at"]),
            parts=parts,
            format_version=version,
        )
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise invalid_backup(f"unreadable manifest ({exc})") from exc
    if manifest.database not in KINDS:
        raise invalid_backup(f"unknown database kind {manifest.database!r}")
    if sorted(p.name for p in parts) != sorted((manifest.database_part, "secret.key")):
        raise invalid_backup("the manifest does not list one database and one secret.key")
    return manifest
