"""What the import commands print comes from file names and file data: control characters in it are
shown escaped, never sent to the terminal (an ESC [ ... could recolour, move or clear it)."""

from __future__ import annotations

import shutil
from base64 import urlsafe_b64encode

from punchclock.cli.render import clean, markup, plain
from tests.cli.test_import import run_import
from tests.importer.helpers import ALICE_FILE

EVIL = "\x1b[2J\x1b]0;pwned\x07Mallory\u202e[bold]"


def test_clean_escapes_control_characters_and_keeps_text():
    assert clean("a\x1b[31mb\x07\x9b\u202ec\n") == "a\\x1b[31mb\\x07\\x9b\\u202ec\\n"
    assert clean("Zoë's café #tag [x]") == "Zoë's café #tag [x]"
    assert markup("[bold]x") == "\\[bold]x"
    assert plain("[bold]\x1b").plain == "[bold]\\x1b"


def test_a_user_file_named_with_escape_sequences_is_reported_escaped(target, tmp_path):
    users = tmp_path / "tt" / "users"
    users.mkdir(parents=True)
    encoded = urlsafe_b64encode(EVIL.encode()).decode()
    shutil.copy(ALICE_FILE, users / f"x~{encoded}.db")
    res = run_import(target, "timetagger", "--data-dir", str(users))
    assert res.exit_code == 1
    out = res.stdout + res.stderr
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
    assert "\\x1b[2J\\x1b]0;pwned\\x07Mallory\\u202e[bold]" in res.stderr
