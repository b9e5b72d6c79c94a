"""``punchclock holidays``: public holiday calendars, in-process like the other admin commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from punchclock.cli import helpformat
from punchclock.cli.context import data_dir_option, database_url_option, open_database, run, settings_from
from punchclock.holiday import service as holiday_service

console = Console()
year_option = click.option("--year", type=click.IntRange(holiday_service.MIN_YEAR, holiday_service.MAX_YEAR))


def _this_year() -> int:
    return datetime.now(UTC).year


@click.group(cls=helpformat.Group)
def holidays() -> None:
    """Public holidays and company days."""


@holidays.command("list")
@click.argument("calendar")
@year_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as GET /api/v1/holidays answers.")
@data_dir_option
@database_url_option
def holidays_list(
    calendar: str, year: int | None, as_json: bool, data_dir: Path | None, database_url: str | None
) -> None:
    """List a calendar's days off in a year, this year by default (calendars such as DE or DE-BY)."""
    db = open_database(settings_from(data_dir, database_url))
    found = run(db, holiday_service.year_dict, calendar, year or _this_year())
    if as_json:
        click.echo(json.dumps(found, indent=2))
        return
    table = Table("id", "date", "name", "half", "source", "enabled")
    for d in found["days"]:
        table.add_row(str(d["id"]), d["date"], d["name"], "yes" if d["half"] else "", d["source"],
                      "yes" if d["enabled"] else "no")  # fmt: skip
    console.print(table)


@holidays.command("refresh")
@click.option("--calendar", "calendars", multiple=True, help="A calendar such as DE-BY (repeatable).")
@year_option
@data_dir_option
@database_url_option
def holidays_refresh(
    calendars: tuple[str, ...], year: int | None, data_dir: Path | None, database_url: str | None
) -> None:
    """Rewrite calendars from the installed holidays package (this year on, or --year), keeping the
    days an admin switched off."""
    db = open_database(settings_from(data_dir, database_url))
    done = run(db, holiday_service.refresh, list(calendars), year, _this_year())
    for calendar, each, count in done:
        click.echo(f"{calendar} {each}: {count} day(s)")
    if not done:
        click.echo("No calendar in use yet; name one with --calendar.")
