"""The README's examples run as written: every `bash` block, in order, against a fresh server started
as the Quick start starts it, with `punchclock` on the PATH. A block that cannot run on a fresh
machine says why just above it (`<!-- not run: reason -->`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_serve import free_port, server

README = Path(__file__).parent.parent / "README.md"
NOT_RUN = re.compile(r"^<!-- not run: (\S.*) -->$")
FENCE = re.compile(r"^```(\w*)\s*$")
ADMIN_PASSWORD = "choose-a-password"  # the Quick start's
# What a person types at the prompts of the examples (a prompt reads standard input without a terminal).
TYPED = {
    "punchclock user create alice": "alices-long-password\nalices-long-password\n",
    "punchclock user set-password bob": "bobs-new-password\nbobs-new-password\n",
    "punchclock login": f"admin\n{ADMIN_PASSWORD}\n",
}

pytestmark = pytest.mark.slow


@dataclass
class Block:
    line: int
    language: str
    commands: list[str]
    not_run: str | None


def blocks(text: str) -> list[Block]:
    found: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        reason = NOT_RUN.match(before.strip())
        body = "\n".join(lines[i + 1 : end]).replace("\\\n", " ")
        commands = [c for c in body.split("\n") if c.strip() and not c.lstrip().startswith("#")]
        found.append(Block(i + 1, m.group(1), commands, reason.group(1) if reason else None))
        i = end + 1
    return found


def test_every_shell_example_runs_or_says_why_not():
    shell = [b for b in blocks(README.read_text()) if b.language in ("bash", "sh")]
    assert len(shell) > 10
    for block in shell:
        assert block.language == "bash" or block.not_run, f"README line {block.line}: no reason not to run"
    assert [b for b in shell if not b.not_run], "no example runs"


def test_the_readme_examples_run_as_written_on_a_fresh_server(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PUNCHCLOCK_", "XDG_"))}
    env = {**clean, "HOME": str(home), "PATH": f"{Path(sys.executable).parent}:{clean.get('PATH', '')}"}
    serve_env = {"HOME": str(home), "PUNCHCLOCK_ADMIN_PASSWORD": ADMIN_PASSWORD}
    runnable = [b for b in blocks(README.read_text()) if b.language == "bash" and not b.not_run]
    with server(["--port", str(port)], tmp_path, port, serve_env):
        for block in runnable:
            for command in block.commands:
                line = command.replace("127.0.0.1:8080", f"127.0.0.1:{port}")
                typed = next((v for k, v in TYPED.items() if line.startswith(k)), "")
                proc = subprocess.run(
                    ["bash", "-o", "pipefail", "-c", line],
                    input=typed,
                    capture_output=True,
                    text=True,
                    cwd=home,
                    env=env,
                    timeout=120,
                )
                where = f"README line {block.line}: {command}"
                assert proc.returncode == 0, f"{where}\nexit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
