"""`punchclock import toggl|clockify|kimai|punchclock FILE --user NAME|--by-user [--dry-run]`, in-process."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson
from rich.console import Console
from rich.table import Table

from punchclock.cli.context import database_url_option, open_database, settings_from
from punchclock.cli.importer import _Bar, import_, punchclock_dir_option
from punchclock.cli.render import clean, markup, plain
from punchclock.errors import AppError
from punchclock.importer import run
from punchclock.importer.entries import Outcome
from punchclock.importer.service import find_account
from punchclock.kit.timeutil import is_valid_zone

MAX_LISTED = 50
HELP = {
    "toggl": "Import Toggl Track's detailed report (CSV).",
    "clockify": "Import Clockify's detailed report (CSV).",
    "kimai": "Import Kimai's timesheet export (CSV).",
    "punchclock": "Import Punchclock's entry export or account export (JSON).",
}


def report(out: Outcome, as_json: bool) -> None:
    """Counts on stdout (a table, or JSON); every rejected row with its line and reason on stderr."""
    if as_json:
        click.echo(orjson.dumps(out.as_dict()).decode())
        return
    into = markup(out.account) if out.account else f"{len(out.accounts)} accounts, by user"
    title = f"Import from {out.format} into {into}" + (" (dry run: nothing was saved)" if out.dry_run else "")
    table = Table("into", "rows", "imported", "duplicates", "rejected", title=title)
    for c in sorted(out.accounts.values(), key=lambda c: c.account):
        counts = (c.rows, c.imported + c.updated, c.duplicates, c.rejected)
        table.add_row(plain(c.account), *map(str, counts))
    if out.account is None or not out.accounts:
        table.add_section()
        table.add_row("total", str(out.rows), str(out.imported + out.updated), str(out.duplicates),
                      str(len(out.rejected)))  # fmt: skip
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    for kind, names in out.created.items():
        if names:
            click.echo(f"created {kind}: {', '.join(map(clean, names))}")
    for r in sorted(out.rejected, key=lambda r: r.line)[:MAX_LISTED]:
        click.echo(f"rejected: line {r.line}: {clean(r.reason)}", err=True)
    if len(out.rejected) > MAX_LISTED:
        click.echo(f"rejected: ... and {len(out.rejected) - MAX_LISTED} more (use --json for all)", err=True)


def run_import(
    fmt: str,
    file: Path,
    username: str | None,
    timezone: str | None,
    dry_run: bool,
    as_json: bool,
    punchclock_dir: Path | None,
    database_url: str | None,
    by_user: bool = False,
) -> None:
    if by_user and username is not None:
        raise click.UsageError("--by-user gives each row to its person's account: leave out --user")
    if not by_user and username is None:
        raise click.UsageError("Missing option '--user' (or --by-user, for a team's export)")
    if by_user and timezone is None:
        # Without --user there is no account whose time zone could stand in for the file's.
        raise click.UsageError("--by-user needs --timezone: the time zone of the file's local times")
    if timezone is not None and not is_valid_zone(timezone):
        raise click.BadParameter(f"unknown time zone {timezone!r}", param_hint="--timezone")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        click.secho(f"error: cannot read {clean(file)}: {clean(exc)}", fg="red", err=True)
        sys.exit(1)
    db, bar = open_database(settings_from(punchclock_dir, database_url)), _Bar()
    try:
        account = None
        if username is not None:
            account = db.call(find_account, username, write=False)
            if account is None:
                click.secho(f"error: no Punchclock account named '{clean(username)}'", fg="red", err=True)
                sys.exit(1)
        out = run.import_text(
            db, fmt, text, account, file.name, timezone, dry_run, progress=bar, by_user=by_user
        )
    except AppError as exc:
        bar.close()
        click.secho(f"error: {clean(exc.message)}", fg="red", err=True)
        sys.exit(1)
    finally:
        bar.close()
        db.dispose()
    report(out, as_json)


def _command(fmt: str) -> click.Command:
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--user", "username", default=None, help="The account to import into.")
    @click.option(
        "--by-user",
        is_flag=True,
        help="Each row into the account whose email, username or display name matches its "
        "Email or User column (a team's export); needs --timezone.",
    )
    @click.option(
        "--timezone", default=None, help="Time zone of the file's local times (default: the account's)."
    )
    @click.option("--dry-run", is_flag=True, help="Show what would happen; save nothing.")
    @click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
    @punchclock_dir_option
    @database_url_option
    def command(**kw: object) -> None:
        run_import(fmt, **kw)  # type: ignore[arg-type]

    command.__doc__ = HELP[fmt]
    return click.command(fmt)(command)


for _fmt in HELP:
    import_.add_command(_command(_fmt))
