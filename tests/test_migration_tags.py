"""Migration 0015 fills every entry's tags with the #tags of its notes, in batches, on both databases."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from punchclock.db import alembic_config
from tests.test_migrations import _alembic, empty_url, engine  # noqa: F401 (fixtures)

REVISION = "0015"
ROWS = [
    # notes, tags before, tags after
    ("Fix #Bug on #client/acme", "", "bug,client/acme"),
    ("Review #ux", "Client-A", "Client-A,ux"),
    ("Call #Sales", "sales", "sales"),  # had it already, in another case: unchanged
    ("no hash here", "kept", "kept"),
    ("issue#12 and c#sharp", "c#sharp", "c#sharp,12,sharp"),
    ("", "", ""),
]


def _migration() -> Any:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision(REVISION).module


def _add(conn: Connection, user_id: int, rows: list[tuple[str, str]], deleted: bool = False) -> None:
    for n, (notes, tags) in enumerate(rows):
        conn.execute(
            text(
                "INSERT INTO time_entries (user_id, start_at, end_at, notes, tags, billable, source,"
                " sync_key, mt, st, created_at, updated_at, deleted_at) VALUES (:u, :s, :e, :notes, :tags,"
                " true, 'api', :key, 5.0, 7.0, 1, 2, :deleted)"
            ),
            {"u": user_id, "s": 1000 * n + 1, "e": 1000 * n + 500, "notes": notes, "tags": tags,
             "key": f"k{deleted:d}{user_id}-{n}-{len(notes)}", "deleted": 3 if deleted else None},
        )  # fmt: skip


def _user(conn: Connection) -> int:
    conn.execute(
        text(
            "INSERT INTO users (username, display_name, role, password_hash, is_active, token_seed,"
            " timezone, week_start, created_at, updated_at)"
            " VALUES ('alice', '', 'member', 'x', true, 's', 'UTC', 0, 1, 1)"
        )
    )
    return int(conn.execute(text("SELECT id FROM users WHERE username = 'alice'")).scalar_one())


def _tags(db: Engine) -> list[tuple[str, str, float, float, int]]:
    with db.connect() as conn:
        rows = conn.execute(text("SELECT notes, tags, mt, st, updated_at FROM time_entries ORDER BY id"))
        return [tuple(r) for r in rows]


def test_the_upgrade_fills_the_tags_and_touches_nothing_else(engine):  # noqa: F811
    _alembic(engine, command.upgrade, _migration().down_revision)
    with engine.begin() as conn:
        user = _user(conn)
        _add(conn, user, [(notes, before) for notes, before, _ in ROWS])
        _add(conn, user, [("Gone #old", "")], deleted=True)  # a tombstone comes back right if restored
    _alembic(engine, command.upgrade, REVISION)
    expected = [(notes, after, 5.0, 7.0, 2) for notes, _, after in ROWS] + [("Gone #old", "old", 5.0, 7.0, 2)]
    assert _tags(engine) == expected
    # One-way: the downgrade keeps the tags, which the old code reads as well.
    _alembic(engine, command.downgrade, _migration().down_revision)
    assert _tags(engine) == expected


def test_the_backfill_walks_every_batch(engine):  # noqa: F811
    _alembic(engine, command.upgrade, REVISION)
    many = [(f"entry {n} #t{n % 3}" if n % 4 else "plain", "") for n in range(23)]
    with engine.begin() as conn:
        _add(conn, _user(conn), many)
        assert _migration().backfill(conn, batch=2) == sum(1 for notes, _ in many if "#" in notes)
        assert _migration().backfill(conn, batch=2) == 0  # all done: a second run changes nothing
    assert [tags for _, tags, *_ in _tags(engine)] == [f"t{n % 3}" if n % 4 else "" for n in range(23)]


@pytest.mark.parametrize(
    ("notes", "tags", "expected"),
    [
        ("#ΣΊΣΥΦΟΣ and #Über", "Client-A", "Client-A,σίσυφος,über"),  # lower-cased as Python does
        ("#" + "x" * 51 + " #ok", "", "ok"),  # over 50 characters: stays in the notes only
        (" ".join(f"#t{n}" for n in range(25)), "a,b", ",".join(["a", "b", *(f"t{n}" for n in range(18))])),
        ("#new", "a,,b", "a,,b,new"),  # a row written by hand keeps its empty tag, as the rule did
        ("no tag here", "kept,as,is", "kept,as,is"),
    ],
)
def test_the_migrations_own_copy_of_the_rule(notes, tags, expected):
    assert _migration().entry_tags(notes, tags) == expected


def test_no_migration_imports_punchclock():
    """A migration must do tomorrow what it did when it was written: it holds its own copy of any
    rule it applies, rather than importing code that may change."""
    versions = Path(_migration().__file__).parent
    for path in versions.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "punchclock" for n in names), path.name
