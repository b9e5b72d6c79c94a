"""`--help` lists every command with its whole summary, never cut off with "..."."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from punchclock.cli.main import cli


def groups(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += groups(command, (*path, name))
    return found


@pytest.mark.parametrize("path", groups(cli), ids=lambda p: " ".join(p) or "punchclock")
def test_no_summary_is_cut_off(path):
    res = CliRunner().invoke(cli, [*path, "--help"], terminal_width=80)
    assert res.exit_code == 0, res.output
    listed = res.output.split("Commands:", 1)[1]
    assert "..." not in listed
    assert all(len(line) <= 80 for line in listed.splitlines())
