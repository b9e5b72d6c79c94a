"""Admin commands: they run in-process against the database, through the same services as the API."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from punchclock.cli import helpformat
from punchclock.cli.context import data_dir_option, database_url_option, open_database, run, settings_from
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import iso
from punchclock.models.user import ROLES
from punchclock.token import service as token_service
from punchclock.twofactor import service as twofactor_service
from punchclock.user import service as user_service

console = Console()


def _read_password(password_stdin: bool, confirm: bool = True) -> str:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.UsageError("No password on standard input")
        return password
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm))


@click.command()
@data_dir_option
@database_url_option
def migrate(data_dir: Path | None, database_url: str | None) -> None:
    """Apply pending database migrations."""
    settings = settings_from(data_dir, database_url)
    db = open_database(settings, migrate=False, create=True)
    try:
        applied = db.migrate()
    finally:
        db.dispose()
    for revision in applied:
        click.echo(f"Applied {revision}")
    if applied:
        click.echo(f"Applied {len(applied)} migration(s); the database is up to date.")
    else:
        click.echo("Nothing to apply; the database is up to date.")


@click.group(cls=helpformat.Group)
def user() -> None:
    """Manage accounts."""


@user.command("create")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["admin", "manager", "member"]), default="member", show_default=True
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--display-name", default="", help="Full name shown in the app.")
@click.option("--email", default=None)
@data_dir_option
@database_url_option
def user_create(
    name: str,
    role: str,
    password_stdin: bool,
    display_name: str,
    email: str | None,
    data_dir: Path | None,
    database_url: str | None,
) -> None:
    """Create an account."""
    password = _read_password(password_stdin)
    db = open_database(settings_from(data_dir, database_url))

    def create(session):
        fields = {
            "username": name,
            "password": password,
            "role": role,
            "display_name": display_name,
            "email": email,
        }
        return user_service.add_account(session, fields, actor_id=None, via="cli")

    created = run(db, create)
    click.echo(f"Created {created.role} '{created.username}' (id {created.id}).")


def _change(session, name: str, changes: dict) -> None:
    """Change an account as the server's command line (audited with no actor, via "cli")."""
    user_service.change(
        session, user_service.require_by_username(session, name), changes, actor_id=None, via="cli"
    )


@user.command("list")
@data_dir_option
@database_url_option
def user_list(data_dir: Path | None, database_url: str | None) -> None:
    """List accounts."""
    db = open_database(settings_from(data_dir, database_url))
    users, _ = run(db, user_service.list_users, Page(1, 100_000), write=False)
    table = Table("id", "username", "role", "active", "display name", "created")
    for u in users:
        table.add_row(
            str(u.id), u.username, u.role, "yes" if u.is_active else "no", u.display_name, iso(u.created_at)
        )
    console.print(table)


@user.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@data_dir_option
@database_url_option
def user_set_password(
    name: str, password_stdin: bool, data_dir: Path | None, database_url: str | None
) -> None:
    """Set an account's password (signs it out of every web session)."""
    password = _read_password(password_stdin)
    db = open_database(settings_from(data_dir, database_url))

    def change(session):
        _change(session, name, {"password": password})

    run(db, change)
    click.echo(f"Password of '{name.lower()}' changed.")


@user.command("disable")
@click.argument("name")
@data_dir_option
@database_url_option
def user_disable(name: str, data_dir: Path | None, database_url: str | None) -> None:
    """Disable an account: it can no longer sign in and its tokens stop working."""
    db = open_database(settings_from(data_dir, database_url))

    def disable(session):
        _change(session, name, {"is_active": False})

    run(db, disable)
    click.echo(f"Account '{name.lower()}' disabled.")


@user.command("enable")
@click.argument("name")
@data_dir_option
@database_url_option
def user_enable(name: str, data_dir: Path | None, database_url: str | None) -> None:
    """Enable a disabled account: it signs in again (its old sessions and tokens stay ended)."""
    db = open_database(settings_from(data_dir, database_url))

    def enable(session):
        _change(session, name, {"is_active": True})

    run(db, enable)
    click.echo(f"Account '{name.lower()}' enabled.")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@data_dir_option
@database_url_option
def user_role(name: str, role: str, data_dir: Path | None, database_url: str | None) -> None:
    """Change an account's role (member, manager, admin); it is signed out everywhere."""
    db = open_database(settings_from(data_dir, database_url))

    def change(session):
        _change(session, name, {"role": role})

    run(db, change)
    click.echo(f"Account '{name.lower()}' is now {role}.")


@user.command("reset-2fa")
@click.argument("name")
@data_dir_option
@database_url_option
def user_reset_2fa(name: str, data_dir: Path | None, database_url: str | None) -> None:
    """Turn an account's two-factor sign-in off (a lost phone); it signs in with its password and
    can set it up again. Recorded in the audit log."""
    db = open_database(settings_from(data_dir, database_url))

    def reset(session):
        target = user_service.require_by_username(session, name)
        return twofactor_service.reset(session, target.id, None, "", "cli")

    removed = run(db, reset)
    said = "reset" if removed else "was not on; nothing to reset"
    click.echo(f"Two-factor sign-in of '{name.lower()}' {said}.")


@click.group(cls=helpformat.Group)
def token() -> None:
    """Manage API tokens."""


@token.command("create")
@click.option("--user", "username", required=True, help="Account the token acts as.")
@click.option("--name", "label", required=True, help="A label, e.g. the integration's name.")
@click.option("--scopes", required=True, help="Comma-separated, e.g. read:projects,write:time_entries")
@click.option("--expires-in-days", type=click.IntRange(1, 3650), default=None)
@click.option("--description", default="")
@data_dir_option
@database_url_option
def token_create(
    username: str,
    label: str,
    scopes: str,
    expires_in_days: int | None,
    description: str,
    data_dir: Path | None,
    database_url: str | None,
) -> None:
    """Create a token and print it (alone, on stdout). It is not shown again."""
    db = open_database(settings_from(data_dir, database_url))

    def create(session):
        owner = user_service.require_by_username(session, username)
        data = {
            "name": label,
            "scopes": scopes,
            "description": description,
            "expires_in_days": expires_in_days,
        }
        return token_service.create_for(session, None, owner.id, data, via="cli")

    created, raw = run(db, create)
    click.echo(raw)
    click.echo(f"Token {created['id']} for '{username.lower()}' created; store it now.", err=True)


@token.command("list")
@click.option("--user", "username", default=None, help="Only this account's tokens.")
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked tokens.")
@data_dir_option
@database_url_option
def token_list(
    username: str | None, include_revoked: bool, data_dir: Path | None, database_url: str | None
) -> None:
    """List tokens (never their secrets)."""
    db = open_database(settings_from(data_dir, database_url))

    def list_(session):
        user_id = user_service.require_by_username(session, username).id if username else None
        return token_service.list_tokens(session, Page(1, 100_000), user_id, include_revoked)

    rows, _ = run(db, list_, write=False)
    table = Table("id", "user", "name", "prefix", "scopes", "expires", "last used", "state")
    for t, owner, seed in rows:
        info = token_service.to_dict(t, owner, seed)
        ended = "signed out" if t.device_seed and t.device_seed != seed else "expired"
        state = "revoked" if t.revoked_at else ("active" if info["is_active"] else ended)
        table.add_row(
            str(t.id),
            owner,
            t.name,
            t.prefix + "…",
            " ".join(info["scopes"]),
            info["expires_at"] or "never",
            info["last_used_at"] or "never",
            state,
        )
    console.print(table)


@token.command("revoke")
@click.argument("token_id", type=int)
@data_dir_option
@database_url_option
def token_revoke(token_id: int, data_dir: Path | None, database_url: str | None) -> None:
    """Revoke a token by id; it stops working at once."""
    db = open_database(settings_from(data_dir, database_url))
    run(db, token_service.revoke, None, token_id, "", "cli")
    click.echo(f"Token {token_id} revoked.")
