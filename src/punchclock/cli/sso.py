"""`punchclock user link-sso / unlink-sso / sso`: an administrator links an account to a person at
the single sign-on provider (the only way an existing account starts signing in that way)."""

from __future__ import annotations

from pathlib import Path

import click

from punchclock.cli.admin import user
from punchclock.cli.context import data_dir_option, database_url_option, open_database, run, settings_from
from punchclock.kit.timeutil import iso
from punchclock.sso import service as sso_service

issuer_option = click.option(
    "--issuer", default=None, help="The provider's issuer; default: PUNCHCLOCK_OIDC_ISSUER."
)
subject_option = click.option(
    "--subject", required=True, help="The person's subject (sub) at the provider: their user id there."
)


def _issuer(given: str | None, configured: str | None) -> str:
    issuer = given or configured
    if not issuer:
        raise click.UsageError("Give --issuer, or set PUNCHCLOCK_OIDC_ISSUER")
    return issuer


@user.command("link-sso")
@click.argument("name")
@subject_option
@issuer_option
@data_dir_option
@database_url_option
def link_sso(
    name: str, subject: str, issuer: str | None, data_dir: Path | None, database_url: str | None
) -> None:
    """Let an account sign in with single sign-on as the provider's user SUBJECT."""
    settings = settings_from(data_dir, database_url)
    issuer = _issuer(issuer, settings.oidc_issuer)
    run(open_database(settings), sso_service.link, name, issuer, subject)
    click.echo(f"Account '{name.lower()}' signs in as {subject} at {issuer}.")


@user.command("unlink-sso")
@click.argument("name")
@subject_option
@issuer_option
@data_dir_option
@database_url_option
def unlink_sso(
    name: str, subject: str, issuer: str | None, data_dir: Path | None, database_url: str | None
) -> None:
    """Stop an account signing in as the provider's user SUBJECT."""
    settings = settings_from(data_dir, database_url)
    issuer = _issuer(issuer, settings.oidc_issuer)
    if not run(open_database(settings), sso_service.unlink, name, issuer, subject):
        raise click.ClickException(f"'{name.lower()}' is not linked to {subject} at {issuer}")
    click.echo(f"Account '{name.lower()}' no longer signs in as {subject} at {issuer}.")


@user.command("sso")
@click.argument("name")
@data_dir_option
@database_url_option
def list_sso(name: str, data_dir: Path | None, database_url: str | None) -> None:
    """The provider identities an account signs in as."""
    links = run(
        open_database(settings_from(data_dir, database_url)), sso_service.identities, name, write=False
    )
    for link in links:
        seen = iso(link["last_login_at"]) if link["last_login_at"] else "never"
        click.echo(f"{link['issuer']}\t{link['subject']}\t{link['email'] or '-'}\tlast sign-in {seen}")
    if not links:
        click.echo(f"'{name.lower()}' is not linked to single sign-on.")
