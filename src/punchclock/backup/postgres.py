"""PostgreSQL's side: ``pg_dump`` (custom format) and ``pg_restore`` from the PATH.

Notes:
The connection goes to the tools as libpq environment variables (PGHOST, PGUSER, PGPASSWORD, ...)
of the child process alone, never as arguments: a command line is visible to every user of the
machine (``ps``), the environment of another user's process is not. pg_dump takes a consistent
snapshot (one repeatable-read transaction) while the server keeps serving. It refuses to dump a
server newer than itself, so that is checked first, with a message that says what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from punchclock.errors import ServiceUnavailable

# URL query options that libpq reads from the environment too.
_ENV_OPTIONS = {
    "host": "PGHOST",
    "hostaddr": "PGHOSTADDR",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "sslmode": "PGSSLMODE",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcrl": "PGSSLCRL",
    "gssencmode": "PGGSSENCMODE",
    "channel_binding": "PGCHANNELBINDING",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
INSTALL_HINT = (
    "install the PostgreSQL client tools of the server's major version or newer (Debian: postgresql-client)"
)


def libpq_env(url: str) -> dict[str, str]:
    """The process environment plus the connection of ``url`` as libpq variables."""
    parsed = make_url(url)
    # Variables already set (PGSSLMODE, PGPASSFILE, ...) stay: the server's own connections read them too.
    env = dict(os.environ)
    for key, value in parsed.query.items():
        name = _ENV_OPTIONS.get(key)
        if name is not None:
            env[name] = value if isinstance(value, str) else value[0]
    parts: dict[str, object] = {
        "PGHOST": parsed.host,
        "PGPORT": parsed.port,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password,
        "PGDATABASE": parsed.database,
    }
    env.update({name: str(part) for name, part in parts.items() if part is not None})
    return env


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ServiceUnavailable(f"{name} was not found on the PATH; {INSTALL_HINT}", code="pg_tool_missing")
    return path


def tool_major(path: str) -> int:
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"\)\s*(\d+)", out) or re.search(r"(\d+)", out)
    if found is None:
        raise ServiceUnavailable(f"Cannot tell the version of {path}: {out.strip()!r}", code="pg_tool_failed")
    return int(found.group(1))


def check_version(path: str, server_major: int) -> None:
    major = tool_major(path)
    if major < server_major:
        name = Path(path).name
        raise ServiceUnavailable(
            f"{name} {major} is older than the server (PostgreSQL {server_major}) and cannot work with it; "
            f"{INSTALL_HINT}",
            code="pg_tool_too_old",
        )


def _run(args: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise ServiceUnavailable(f"{what} failed (exit {done.returncode}): {detail}", code="pg_tool_failed")
    return done.stdout


def dump(url: str, server_major: int, out: Path) -> None:
    pg_dump = tool("pg_dump")
    check_version(pg_dump, server_major)
    _run([pg_dump, "--format=custom", "--no-password", f"--file={out}"], libpq_env(url), "pg_dump")


def dump_revision(path: Path) -> str | None:
    """The Alembic revision inside a dump (read back from the dump itself, not the live database)."""
    script = _run(
        [tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
        dict(os.environ),
        "pg_restore (reading the dump)",
    )
    lines = iter(script.splitlines())
    for line in lines:
        if line.startswith("COPY ") and "alembic_version" in line:
            value = next(lines, "\\.")
            return None if value == "\\." else value.strip()
    return None


def load(url: str, server_major: int, path: Path) -> None:
    """Restore the dump at ``path`` into the (emptied) database of ``url``, in one transaction."""
    pg_restore = tool("pg_restore")
    check_version(pg_restore, server_major)
    env = libpq_env(url)
    args = [pg_restore, "--no-password", "--no-owner", "--no-privileges", "--single-transaction"]
    database = env.get("PGDATABASE") or env.get("PGUSER") or "postgres"  # libpq's own default
    args += ["--exit-on-error", f"--dbname={database}", str(path)]
    _run(args, env, "pg_restore")
