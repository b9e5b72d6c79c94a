"""Project commands for the server's administrator: they run in-process, like `user`, so a fresh
server gets its first projects (and clients) from the terminal, before anyone signs in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from punchclock.cli import helpformat
from punchclock.cli.context import data_dir_option, database_url_option, open_database, run, settings_from
from punchclock.client import service as client_service
from punchclock.client.schemas import ClientCreate
from punchclock.kit.pagination import Page
from punchclock.project import members as project_members
from punchclock.project import service as project_service
from punchclock.project.schemas import ProjectCreate
from punchclock.user import service as user_service

console = Console()


def _checked(schema: Any, **fields: Any) -> dict[str, Any]:
    """The fields as the API would take them (same limits), or a usage error naming the field."""
    try:
        return dict(schema(**fields).model_dump(exclude_none=True))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise click.UsageError(f"{where}: {first['msg']}") from None


@click.group(cls=helpformat.Group)
def project() -> None:
    """Manage projects (and their clients)."""


@project.command("add")
@click.argument("name")
@click.option("--client", "client_name", help="Client name; a new one is created.")
@click.option("--tag", help="Typing #TAG in a description picks this project.")
@click.option("--rate", type=float, help="Hourly rate (in the workspace's currency).")
@click.option("--estimate", type=float, help="Estimated hours: the project's budget.")
@click.option("--not-billable", is_flag=True, help="Time on it is not billable by default.")
@click.option("--private", is_flag=True, help="Only its members, managers and admins see it.")
@click.option("--member", "members", multiple=True, metavar="USERNAME", help="A member (repeat for more).")
@data_dir_option
@database_url_option
def project_add(
    name: str,
    client_name: str | None,
    tag: str | None,
    rate: float | None,
    estimate: float | None,
    not_billable: bool,
    private: bool,
    members: tuple[str, ...],
    data_dir: Path | None,
    database_url: str | None,
) -> None:
    """Create a project: punchclock project add Website --client Acme --tag website."""
    data = _checked(ProjectCreate, name=name, tag=tag, hourly_rate=rate, estimated_hours=estimate,
                    billable=not not_billable, is_private=private)  # fmt: skip
    client = _checked(ClientCreate, name=client_name) if client_name else None
    db = open_database(settings_from(data_dir, database_url))

    def add(session: Any) -> dict[str, Any]:
        if client is not None:
            found = client_service.find_by_name(session, client["name"])
            data["client_id"] = found.id if found else client_service.create(session, client)["id"]
        created = project_service.create(session, data)
        for username in members:
            user = user_service.get_by_username(session, username)
            if user is None:
                raise click.UsageError(f"--member: no user named {username!r}")
            project_members.add(session, created["id"], user.id, None)
        return created

    created = run(db, add)
    client_text = f" for {created['client']}" if created.get("client") else ""
    tag_text = f" (#{created['tag']})" if created.get("tag") else ""
    private_text = f", private to {', '.join(members) or 'managers and admins'}" if private else ""
    click.echo(
        f"Created project '{created['name']}'{client_text}{tag_text} (id {created['id']}){private_text}."
    )


@project.command("list")
@click.option("--all", "show_all", is_flag=True, help="Archived projects too.")
@data_dir_option
@database_url_option
def project_list(show_all: bool, data_dir: Path | None, database_url: str | None) -> None:
    """List projects."""
    db = open_database(settings_from(data_dir, database_url))
    status = None if show_all else "active"
    projects, _ = run(db, project_service.list_projects, Page(1, 100_000), status, None, write=False)
    table = Table("id", "name", "client", "tag", "billable", "private", "status")
    for p in projects:
        tag = f"#{p['tag']}" if p.get("tag") else ""
        flags = ("yes" if p["billable"] else "no", "yes" if p["is_private"] else "")
        table.add_row(str(p["id"]), p["name"], p.get("client") or "", tag, *flags, p["status"])
    console.print(table)
