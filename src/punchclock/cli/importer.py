"""`punchclock import`: bring TimeTagger data in, in-process, through the sync API's push."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from punchclock.cli import helpformat
from punchclock.cli.context import database_url_option, open_database, settings_from
from punchclock.cli.render import clean, markup, plain
from punchclock.importer import service
from punchclock.importer.source import SourceError
from punchclock.importer.summary import FileSummary, ImportSummary, Tally
from punchclock.kit.timeutil import is_valid_zone

MAX_LISTED = 20

# In these commands --data-dir names TimeTagger's folder, so Punchclock's own takes a longer name.
punchclock_dir_option = click.option(
    "--punchclock-data-dir",
    "punchclock_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="PUNCHCLOCK_DATA_DIR",
    help="Punchclock's data folder (its SQLite database). Env: PUNCHCLOCK_DATA_DIR.",
)
batch_size_option = click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=service.BATCH_SIZE,
    show_default=True,
    help="Records per transaction.",
)


class _Bar:
    """The importer's progress: a rich progress bar per file, on stderr, shown once a file starts."""

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def begin(self, source: str, total: int) -> None:
        if self.progress is None:
            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
            )
            self.progress.start()
        self.task = self.progress.add_task(markup(source), total=total)

    def advance(self, count: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, count)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@click.group("import", cls=helpformat.Group)
def import_() -> None:
    """Import data from TimeTagger, Toggl Track, Clockify, Kimai or a Punchclock export."""


@import_.command("timetagger")
@click.option(
    "--data-dir",
    "source",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="TimeTagger's data folder (e.g. ~/_timetagger), its users/ folder, or one user's .db file.",
)
@click.option(
    "--user",
    "username",
    default=None,
    help="Import one user file into this account (default: each file into the account of its user).",
)
@batch_size_option
@punchclock_dir_option
@database_url_option
def timetagger(
    source: Path,
    username: str | None,
    batch_size: int,
    punchclock_dir: Path | None,
    database_url: str | None,
) -> None:
    """Import every record and setting of a TimeTagger server's data folder."""
    db, bar = open_database(settings_from(punchclock_dir, database_url)), _Bar()
    try:
        summary = service.import_data_dir(db, source, username, batch_size, bar)
    except SourceError as exc:
        _fail(str(exc))
    finally:
        bar.close()
        db.dispose()
    _report(summary)


@import_.command("timetagger-csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, help="The account to import into.")
@click.option(
    "--timezone",
    default=None,
    help="Time zone of times written without one (default: the account's time zone).",
)
@click.option("--dry-run", is_flag=True, help="Show what would happen; save nothing.")
@batch_size_option
@punchclock_dir_option
@database_url_option
def timetagger_csv(
    file: Path,
    username: str,
    timezone: str | None,
    dry_run: bool,
    batch_size: int,
    punchclock_dir: Path | None,
    database_url: str | None,
) -> None:
    """Import TimeTagger's record export (CSV, or tab-separated text)."""
    if dry_run:
        from punchclock.cli.import_formats import run_import

        run_import("timetagger", file, username, timezone, True, False, punchclock_dir, database_url)
        return
    if timezone is not None and not is_valid_zone(timezone):
        raise click.BadParameter(f"unknown time zone {timezone!r}", param_hint="--timezone")
    db, bar = open_database(settings_from(punchclock_dir, database_url)), _Bar()
    try:
        summary = service.import_csv(db, file, username, timezone, batch_size, bar)
    finally:
        bar.close()
        db.dispose()
    _report(summary)


def _fail(message: str) -> NoReturn:
    click.secho(f"error: {clean(message)}", fg="red", err=True)
    sys.exit(1)


def _counts(tally: Tally) -> list[str]:
    return [str(tally.imported), str(tally.updated), str(tally.unchanged), str(len(tally.failed))]


def _name(f: FileSummary) -> str:
    """The file's user or path, as it may be printed (both come from file names and file data)."""
    return clean(f.tt_user or f.source)


def _report(summary: ImportSummary) -> None:
    """The summary table on stdout; failures and skipped files, with reasons, on stderr."""
    table = Table("from", "into", "items", "imported", "updated", "unchanged", "failed", title="Import")
    for f in summary.files:
        if f.error is not None and not f.records.total and not f.settings.total:
            table.add_row(plain(_name(f)), plain(f.account or "-"), "skipped", "-", "-", "-", "-")
            continue
        table.add_row(plain(_name(f)), plain(f.account or "-"), "records", *_counts(f.records))
        table.add_row("", "", "settings", *_counts(f.settings))
    if len(summary.files) > 1:
        records, settings = summary.totals()
        table.add_section()
        table.add_row("total", "", "records", *_counts(records))
        table.add_row("", "", "settings", *_counts(settings))
    console = Console()
    if not console.is_terminal:
        # Piped or captured: no terminal width to respect, and cut-off names would lose information.
        console = Console(width=200)
    console.print(table)
    for f in summary.files:
        failed = f.records.failed + f.settings.failed
        for failure in failed[:MAX_LISTED]:
            click.echo(f"failed: {_name(f)}: {clean(failure.key)}: {clean(failure.reason)}", err=True)
        if len(failed) > MAX_LISTED:
            click.echo(f"failed: {_name(f)}: ... and {len(failed) - MAX_LISTED} more", err=True)
    for f in summary.files:
        if f.error is not None:
            click.secho(f"error: {_name(f)}: {clean(f.error)}", fg="red", err=True)
    if not summary.ok:
        sys.exit(1)
