"""`punchclock report`, `punchclock export` (streamed, with a progress bar) and `punchclock completion`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import click
from click.shell_completion import get_completion_class
from rich.console import Console
from rich.progress import DownloadColumn, Progress, SpinnerColumn, TextColumn, TransferSpeedColumn

from punchclock.cli import render
from punchclock.cli.remote import Api, fail
from punchclock.cli.track import emit, json_option, now_in, zone_of
from punchclock.cli.when import InputError, date_range

DIMENSIONS = ["project", "client", "task", "tag", "user", "day", "week", "month", "year"]


def _range(spec: str, config: dict) -> tuple[str, str]:
    try:
        first, last = date_range(spec, now_in(zone_of(config)).date(), config.get("week_start", 0))
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--range") from exc
    return first.isoformat(), last.isoformat()


@click.command()
@click.option(
    "--range", "spec", default="week", show_default=True, help="today, week, last-month, ... or A..B."
)
@click.option("--group-by", "-g", type=click.Choice(DIMENSIONS), default="project", show_default=True)
@click.option("--sub-group-by", type=click.Choice(DIMENSIONS), default=None)
@click.option("--rounding", type=click.Choice(["none", "nearest", "up", "down"]), default="none")
@click.option("--rounding-minutes", type=click.IntRange(1, 1440), default=15, show_default=True)
@json_option
def report(spec: str, group_by: str, sub_group_by: str | None, rounding: str, rounding_minutes: int,
           as_json: bool) -> None:  # fmt: skip
    """Where the time went: punchclock report --range last-month --group-by client."""
    api, config = Api.from_config()
    first, last = _range(spec, config)
    params = {"start_date": first, "end_date": last, "group_by": group_by, "sub_group_by": sub_group_by}
    rep = api.get("/reports/grouped", **params, rounding=rounding, rounding_minutes=rounding_minutes)[
        "report"
    ]
    if as_json:
        return emit(rep)
    render.report(rep)


@click.command()
@click.argument("what", type=click.Choice(["entries", "report", "account"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--range", "spec", default=None, help="today, week, month, year, ... or A..B (default: all).")
@click.option("--group-by", "-g", type=click.Choice(DIMENSIONS), default="project", help="For a report.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write ('-' for standard output).")  # fmt: skip
def export(what: str, fmt: str, spec: str | None, group_by: str, output: Path) -> None:
    """Download entries, a report or your whole account, streamed, with a progress bar."""
    api, config = Api.from_config()
    params: dict[str, object] = {}
    if spec:
        params["start_date"], params["end_date"] = _range(spec, config)
    if what == "account":
        path = "/exports/account"
    elif what == "report":
        path, params = "/exports/report", {**params, "format": fmt, "group_by": group_by}
    else:
        path, params = "/exports/time-entries", {**params, "format": fmt}
    to_stdout = str(output) == "-"
    columns = (SpinnerColumn(), TextColumn("{task.description}"), DownloadColumn(), TransferSpeedColumn())
    with api.stream(path, **params) as res, Progress(*columns, console=Console(stderr=True)) as bar:
        # Only once the server said yes: a refused export leaves no empty file behind, and an
        # interrupted one no partial file (it is written beside the target, then renamed).
        sink, partial = (sys.stdout.buffer, None) if to_stdout else _open_partial(output)
        task = bar.add_task(f"{what} -> {output}", total=None)
        try:
            for chunk in res.iter_bytes():
                sink.write(chunk)
                bar.advance(task, len(chunk))
        except BaseException:
            if partial is not None:
                sink.close()
                partial.unlink(missing_ok=True)
            raise
    if partial is not None:
        sink.close()
        partial.replace(output)
        click.echo(f"Saved {output}.", err=True)


def _open_partial(output: Path) -> tuple[BinaryIO, Path]:
    partial = output.with_name(f".{output.name}.part")
    try:
        return partial.open("wb"), partial
    except OSError as exc:
        fail(f"cannot write {output}: {exc}")


@click.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script: eval "$(punchclock completion bash)"."""
    root = click.get_current_context().find_root().command  # the whole CLI, without importing it
    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(root, {}, "punchclock", "_PUNCHCLOCK_COMPLETE").source())
