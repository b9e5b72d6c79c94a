"""import.completed has one shape, whichever importer sends it: a TimeTagger data folder's file, a
TimeTagger CSV from the CLI, or a file import (Toggl, TimeTagger CSV, ...) in one transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from punchclock.importer import run
from punchclock.importer.service import find_account, import_csv, import_data_dir
from punchclock.importer.summary import completed
from punchclock.user import service as user_service
from tests.importer.helpers import ALICE_FILE, MT, copy_csv, copy_data_dir

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
SHAPE = ["duplicates", "format", "imported", "rejected", "settings", "source", "updated"]


@pytest.fixture
def heard(db):
    """The import.completed events of committed transactions, as (user_id, actor_id, object)."""
    batches = []
    db.event_sink = batches.append

    def events():
        found = [
            (e.user_id, e.actor_id, e.object)
            for b in batches
            for e in b.events
            if e.name == "import.completed"
        ]
        batches.clear()
        return found

    return events


def make(db, name):
    return db.call(user_service.create, name, "password123").id


def test_a_data_folder_announces_each_file_in_the_file_import_shape(db, heard, tmp_path):
    alice, bob = make(db, "alice"), make(db, "bob@example.com")
    data = copy_data_dir(tmp_path)
    import_data_dir(db, data)
    got = {user_id: (actor, obj) for user_id, actor, obj in heard()}
    assert sorted(got) == [alice, bob]
    assert got[alice] == (None, {
        "source": ALICE_FILE.name, "format": "timetagger-datadir", "imported": 27, "updated": 0,
        "duplicates": 0, "rejected": 1, "settings": 7,
    })  # fmt: skip
    assert sorted(got[bob][1]) == SHAPE
    import_data_dir(db, data, "alice")
    assert heard() == []  # nothing changed: nothing to announce
    with sqlite3.connect(data / "users" / ALICE_FILE.name) as conn:
        conn.execute(
            "UPDATE records SET _ob = json_set(_ob, '$.ds', 'Longer', '$.mt', ?) WHERE key = 'aliceR01'",
            (MT + 500,),
        )
    conn.close()
    import_data_dir(db, data, "alice")
    ((user_id, _, obj),) = heard()
    assert user_id == alice
    assert (obj["imported"], obj["updated"], obj["duplicates"], obj["rejected"]) == (0, 1, 26, 1)


def test_a_timetagger_csv_from_the_cli_path_says_timetagger(db, heard, tmp_path):
    alice = make(db, "alice")
    import_csv(db, copy_csv(tmp_path), "alice", "Europe/Amsterdam")
    ((user_id, _, obj),) = heard()
    assert user_id == alice
    assert sorted(obj) == SHAPE
    assert (obj["format"], obj["source"], obj["updated"], obj["settings"]) == (
        "timetagger",
        "export.csv",
        0,
        0,
    )


@pytest.mark.parametrize(
    ("fmt", "name", "imported", "rejected"),
    [("toggl", "toggl.csv", 4, 2), ("timetagger", "timetagger.csv", 3, 1)],
)
def test_a_file_import_has_the_same_shape_once(db, heard, fmt, name, imported, rejected):
    alice = make(db, "alice")
    account = db.call(find_account, "alice", write=False)
    out = run.import_text(
        db, fmt, (FIXTURES / name).read_text(), account, name, "Europe/Berlin", actor_id=alice
    )
    ((user_id, actor, obj),) = heard()
    assert (user_id, actor) == (alice, alice)
    assert obj == {
        "source": name, "format": fmt, "imported": imported, "updated": 0, "duplicates": 0,
        "rejected": rejected, "settings": 0,
    }  # fmt: skip
    assert (out.imported, len(out.rejected)) == (imported, rejected)


def test_the_readme_documents_the_shape():
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text().split())  # lines wrapped
    keys = ", ".join(f'"{k}"' for k in completed("x.csv", "toggl", 0, 0, 0, 0, 0))
    assert f"`import.completed` `{{{keys}}}`" in readme
