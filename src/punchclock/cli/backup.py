"""`punchclock backup`, `restore` and `webhooks`: in-process, like the admin commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from punchclock.backup import service
from punchclock.cli import helpformat
from punchclock.cli.context import data_dir_option, database_url_option, open_database, run, settings_from
from punchclock.errors import AppError
from punchclock.webhook import pause


def _fail(exc: AppError) -> None:
    click.secho(f"error: {exc.message}", fg="red", err=True)
    sys.exit(1)


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@data_dir_option
@database_url_option
def backup(path: Path | None, data_dir: Path | None, database_url: str | None) -> None:
    """Write a backup (database, server secret, manifest) to PATH while the server runs.

    PATH defaults to punchclock-backup-<UTC time>.tar in the current folder; a folder gets that
    name inside it. The file holds the server secret: it is readable by you alone.
    """
    settings = settings_from(data_dir, database_url)
    target = path if path is not None else Path(service.default_name())
    try:
        written, manifest = service.create(settings, target)
    except AppError as exc:
        _fail(exc)
    click.echo(f"Backup written to {written} ({manifest.database}, schema {manifest.alembic_revision}).")


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@data_dir_option
@database_url_option
def restore(path: Path, force: bool, data_dir: Path | None, database_url: str | None) -> None:
    """Restore a backup made by `punchclock backup`: database and server secret.

    Stop the servers first. Webhook sending starts PAUSED in the restored database until an admin
    runs `punchclock webhooks resume`.
    """
    settings = settings_from(data_dir, database_url)
    try:
        done = service.restore(settings, path, force=force)
    except AppError as exc:
        _fail(exc)
    m = done.manifest
    click.echo(f"Restored the {m.database} backup of {m.created_at} (Punchclock {m.punchclock_version}).")
    if done.migrated:
        click.echo(f"Migrated the schema from {m.alembic_revision} to {done.revision}.")
    if done.secret == "written":
        click.echo(f"Server secret written to {settings.data_dir / service.SECRET}.")
    for warning in done.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.secho(
        f"Webhook sending is PAUSED ({done.pending_deliveries} deliveries queued). Check the webhooks, "
        "then resume with: punchclock webhooks resume",
        fg="yellow",
        err=True,
    )


@click.group(cls=helpformat.Group)
def webhooks() -> None:
    """Webhook sending for the whole server (paused after a restore)."""


@webhooks.command("status")
@data_dir_option
@database_url_option
def webhooks_status(data_dir: Path | None, database_url: str | None) -> None:
    """Show whether webhook sending is paused and how many deliveries are queued."""
    db = open_database(settings_from(data_dir, database_url))
    state = run(db, pause.state, write=False)
    db.dispose()
    if state["paused"]:
        click.echo(f"Webhook sending is PAUSED since {state['since']} ({state['reason']}).")
    else:
        click.echo("Webhook sending is running.")
    click.echo(f"{state['pending_deliveries']} deliveries queued.")


@webhooks.command("pause")
@click.option("--reason", default="paused by an admin", show_default=True)
@data_dir_option
@database_url_option
def webhooks_pause(reason: str, data_dir: Path | None, database_url: str | None) -> None:
    """Pause webhook sending on every instance (as a restore does): deliveries stay queued."""
    db = open_database(settings_from(data_dir, database_url))
    run(db, pause.pause_sending, reason)
    db.dispose()
    click.echo("Webhook sending paused; resume with: punchclock webhooks resume")


@webhooks.command("resume")
@data_dir_option
@database_url_option
def webhooks_resume(data_dir: Path | None, database_url: str | None) -> None:
    """Resume webhook sending: queued deliveries go out within the sender's poll interval."""
    db = open_database(settings_from(data_dir, database_url))
    state = run(db, pause.resume_sending)
    db.dispose()
    click.echo(f"Webhook sending resumed; {state['pending_deliveries']} deliveries queued.")


COMMANDS = (backup, restore, webhooks)
