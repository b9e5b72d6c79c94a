"""One backup file: an uncompressed tar of manifest.json, the database dump and secret.key.

Notes:
The file is written to a temporary file (mode 0600: it holds the server secret) beside its final
name, flushed to disk and then renamed, so a crash or a full disk never leaves a half-written backup
under the name a restore or a rotation script would pick up. Reading checks every member against
the manifest's SHA-256 before anything is restored, and extracts only the names the manifest lists,
to plain files in a folder of the caller's choosing: a crafted archive cannot write elsewhere.
"""

from __future__ import annotations

import contextlib
import io
import os
import tarfile
import tempfile
import time
from pathlib import Path

from punchclock.backup.manifest import NAME, Manifest, invalid_backup, parse, sha256_of

MAX_MANIFEST_BYTES = 1 << 20


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def write(path: Path, manifest: Manifest, files: dict[str, Path]) -> None:
    """Write the archive to ``path`` atomically, readable by its owner only."""
    path = path.absolute()
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            with tarfile.open(fileobj=fh, mode="w", format=tarfile.PAX_FORMAT) as tar:
                _add_bytes(tar, NAME, manifest.to_json())
                for part in manifest.parts:
                    info = tar.gettarinfo(str(files[part.name]), arcname=part.name)
                    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
                    with files[part.name].open("rb") as src:
                        tar.addfile(info, src)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable (not possible everywhere)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read(path: Path, into: Path) -> tuple[Manifest, dict[str, Path]]:
    """Check the archive at ``path`` and extract its parts into the folder ``into``.

    Raises ValidationFailed (code ``backup_invalid``) when the file is not a backup, lists other
    members than its manifest, or a part's checksum or size does not match.
    """
    try:
        tar = tarfile.open(path, mode="r:*")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise invalid_backup(f"{path} is not a tar archive") from exc
    with tar:
        try:
            members = {m.name: m for m in tar.getmembers()}
        except tarfile.TarError as exc:
            raise invalid_backup(f"the archive is damaged ({exc})") from exc
        head = members.get(NAME)
        if head is None or not head.isfile() or head.size > MAX_MANIFEST_BYTES:
            raise invalid_backup("it has no manifest.json")
        manifest = parse(_member_bytes(tar, head))
        expected = {p.name for p in manifest.parts} | {NAME}
        if set(members) != expected:
            extra = ", ".join(sorted(set(members) ^ expected))
            raise invalid_backup(f"its members do not match the manifest ({extra})")
        files: dict[str, Path] = {}
        for part in manifest.parts:
            member = members[part.name]
            if not member.isfile() or "/" in part.name or part.name.startswith("."):
                raise invalid_backup(f"{part.name} is not a plain file")
            target = into / part.name
            source = tar.extractfile(member)
            if source is None:
                raise invalid_backup(f"{part.name} cannot be read")
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with source, os.fdopen(fd, "wb") as out:
                while chunk := source.read(1 << 20):
                    out.write(chunk)
            if target.stat().st_size != part.size or sha256_of(target) != part.sha256:
                raise invalid_backup(f"{part.name} does not match its checksum (changed or damaged)")
            files[part.name] = target
    return manifest, files


def _member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    fh = tar.extractfile(member)
    if fh is None:
        raise invalid_backup(f"{member.name} cannot be read")
    with fh:
        return fh.read()
