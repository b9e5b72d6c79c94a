"""The `punchclock` command."""

from __future__ import annotations

import click

from punchclock import __version__
from punchclock.cli import (  # these register their commands on `user` and `import`
    account,  # noqa: F401
    helpformat,
    import_formats,  # noqa: F401
    sso,  # noqa: F401
)
from punchclock.cli.admin import migrate, token, user
from punchclock.cli.backup import COMMANDS as BACKUP_COMMANDS
from punchclock.cli.holidays import holidays
from punchclock.cli.importer import import_
from punchclock.cli.projects import project
from punchclock.cli.reporting import completion, export, report
from punchclock.cli.serve import serve
from punchclock.cli.track import COMMANDS
from punchclock.cli.worktime import balance


@click.group(cls=helpformat.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="punchclock")
def cli() -> None:
    """Punchclock, a self-hosted time tracker."""


cli.add_command(serve)
cli.add_command(migrate)
cli.add_command(user)
cli.add_command(token)
cli.add_command(project)
cli.add_command(import_)
cli.add_command(holidays)
for _command in (*COMMANDS, *BACKUP_COMMANDS, report, export, completion, balance):
    cli.add_command(_command)


def main() -> None:
    cli()
