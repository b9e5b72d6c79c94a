"""`--help` that lists every command with its whole first sentence.

Notes:
click shortens a command's summary to fit one line and ends it with "...", which cut most of ours
mid-phrase ("Sign in to a Punchclock server and save it and a new API..."). These groups give the
summary its full first sentence and let the help formatter wrap it under itself instead.
"""

from __future__ import annotations

import click


class Group(click.Group):
    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
