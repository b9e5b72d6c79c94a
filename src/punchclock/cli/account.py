"""`punchclock user invite` and `punchclock user reset-link`: e-mailed links from the command line.

Notes:
Like the other admin commands they run in-process, through the account service. Links are built on
PUNCHCLOCK_PUBLIC_URL (there is no request to take an address from), or on ``--url``.
"""

from __future__ import annotations

from pathlib import Path

import click

from punchclock.account import mails
from punchclock.account import service as account_service
from punchclock.cli.admin import user
from punchclock.cli.context import data_dir_option, database_url_option, open_database, run, settings_from
from punchclock.config import Settings
from punchclock.errors import AppError
from punchclock.mail import service as mail_service

url_option = click.option(
    "--url", default=None, help="The address users reach Punchclock at. Default: PUNCHCLOCK_PUBLIC_URL."
)


def _base(settings: Settings, url: str | None) -> str:
    base = url or settings.public_url
    if not base or not base.startswith(("http://", "https://")):
        raise click.UsageError("Set PUNCHCLOCK_PUBLIC_URL or pass --url https://time.example.com")
    return base.rstrip("/")


@user.command("invite")
@click.argument("email")
@click.option(
    "--role", type=click.Choice(["admin", "manager", "member"]), default="member", show_default=True
)
@click.option("--name", default=None, help="How the mail greets the invitee.")
@url_option
@data_dir_option
@database_url_option
def user_invite(
    email: str,
    role: str,
    name: str | None,
    url: str | None,
    data_dir: Path | None,
    database_url: str | None,
) -> None:
    """E-mail an invitation to create an account with ROLE (needs PUNCHCLOCK_SMTP_*)."""
    settings = settings_from(data_dir, database_url)
    base = _base(settings, url)
    if not mail_service.configured(settings):
        raise click.UsageError("No SMTP server is configured (PUNCHCLOCK_SMTP_HOST, PUNCHCLOCK_SMTP_FROM)")
    db = open_database(settings)
    address = run(db, account_service.check_invitation, email, role, write=False)
    raw, digest = account_service.new_secret()
    days = settings.invitation_ttl_days
    link = account_service.link(base, account_service.INVITE, raw)
    mail = mails.invitation(address, name, role, "An administrator", link, days)
    try:
        mail_service.deliver(settings, mail)
    except AppError as exc:
        click.secho(f"error: {exc.message}", fg="red", err=True)
        raise SystemExit(1) from exc
    run(db, account_service.record_invitation, None, address, role, name, digest, days * 86400, "cli")
    click.echo(f"Invitation sent to {address} ({role}); the link works once, for {days} days.")


@user.command("reset-link")
@click.argument("name")
@url_option
@data_dir_option
@database_url_option
def user_reset_link(name: str, url: str | None, data_dir: Path | None, database_url: str | None) -> None:
    """Print a one-time password reset link for an account, to hand over yourself (no e-mail)."""
    settings = settings_from(data_dir, database_url)
    base = _base(settings, url)
    db = open_database(settings)
    minutes = settings.password_reset_ttl_minutes
    raw = run(db, account_service.issue_reset_link, name, minutes * 60, "cli")
    click.echo(account_service.link(base, account_service.RESET, raw))
    click.echo(
        f"The link works once, for {minutes} minutes; it signs '{name.lower()}' out everywhere.", err=True
    )
