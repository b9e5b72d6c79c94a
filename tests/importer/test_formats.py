"""Imports from Toggl, Clockify, Kimai, TimeTagger CSV and Punchclock JSON: matching and creating
names, time zones, rejected rows with their lines, duplicates on a second run, dry runs, rights."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from punchclock.importer import run
from punchclock.importer.entries import Rights
from punchclock.importer.service import find_account
from punchclock.user import service as user_service
from tests.checks import snapshot

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
FILES = {
    "toggl": "toggl.csv",
    "clockify": "clockify.csv",
    "kimai": "kimai.csv",
    "timetagger": "timetagger.csv",
    "punchclock": "punchclock.json",
}
# Per format: rows read, imported, rejected lines.
EXPECTED = {
    "toggl": (6, 4, [6, 7]),
    "clockify": (4, 3, [5]),
    "kimai": (4, 3, [6]),
    "timetagger": (4, 3, [5]),
    "punchclock": (5, 3, [4, 5]),
}


@pytest.fixture
def alice(db):
    user = db.call(user_service.create, "alice", "password123", "member")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE users SET timezone = 'Europe/Berlin' WHERE id = :id"), {"id": user.id})
    return db.call(find_account, "alice", write=False)


def load(db, fmt, account, **kw):
    body = (FIXTURES / FILES[fmt]).read_text()
    return run.import_text(db, fmt, body, account, FILES[fmt], **kw)


def entries(db):
    with db.engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT e.start_at, e.end_at, e.notes, e.tags, e.billable, p.name, c.name, t.name "
                "FROM time_entries e LEFT JOIN projects p ON p.id = e.project_id "
                "LEFT JOIN clients c ON c.id = p.client_id LEFT JOIN tasks t ON t.id = e.task_id "
                "ORDER BY e.start_at"
            )
        ).all()


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_each_format_imports_once_and_reports_rejected_lines(db, alice, fmt):
    rows, imported, bad_lines = EXPECTED[fmt]
    out = load(db, fmt, alice)
    assert (out.rows, out.imported, out.duplicates) == (rows, imported, 0)
    assert [r.line for r in out.rejected] == bad_lines
    assert all(r.reason for r in out.rejected)
    got = entries(db)
    assert len(got) == imported
    # Every format has the 09:00-10:30 Berlin entry (08:00 UTC) and the one across midnight.
    first = next(e for e in got if e.notes.startswith("Homepage"))
    assert (first.end_at - first.start_at, first.start_at % 86400) == (5400, 8 * 3600)
    review = next(e for e in got if e.notes.startswith(("Review", "Night")))
    assert review.end_at - review.start_at == 7200
    again = load(db, fmt, alice)
    assert (again.imported, again.duplicates) == (0, imported)
    assert len(entries(db)) == imported


@pytest.mark.parametrize("fmt", ["toggl", "clockify", "kimai", "punchclock"])
def test_projects_clients_tasks_tags_and_billable(db, alice, fmt):
    out = load(db, fmt, alice)
    assert "Website" in out.created["projects"]
    assert out.created["clients"][0] == "Acme"
    assert out.created["tasks"][0] == "Design"
    first = next(e for e in entries(db) if e.notes.startswith("Homepage"))
    assert (first[5], first[6], first[7]) == ("Website", "Acme", "Design")
    assert first.tags in ("client-work,design", "design,client-work")
    planning = next(e for e in entries(db) if e[5] == "Internal")
    assert not planning.billable
    assert planning.tags == "admin"


def test_toggl_times_honour_dst_and_keep_formula_text(db, alice):
    load(db, "toggl", alice)
    got = entries(db)
    # 01:30 to 03:30 on the night Berlin skips 02:00-03:00 lasted one real hour.
    dst = next(e for e in got if e.notes == "No project at all")
    assert dst.end_at - dst.start_at == 3600
    assert dst[5] is None
    assert not dst.billable  # time on no project bills nobody
    assert any(e.notes.startswith("=cmd") for e in got)  # stored as typed; exports neutralise it


def test_dry_run_changes_nothing_and_reports_the_same(db, alice):
    before = snapshot(db)
    dry = load(db, "toggl", alice, dry_run=True)
    assert dry.dry_run
    assert snapshot(db) == before
    real = load(db, "toggl", alice)
    assert (dry.imported, dry.created, [r.line for r in dry.rejected]) == (
        real.imported, real.created, [r.line for r in real.rejected],
    )  # fmt: skip


def test_without_rights_to_create_projects_rows_are_rejected(db, alice):
    out = load(db, "clockify", alice, rights=Rights(clients=False, projects=False, tasks=False))
    assert out.imported == 0
    assert all("needs write:" in r.reason for r in out.rejected if r.line != 5)


def test_unreadable_files_are_refused_whole(db, alice):
    from punchclock.errors import ValidationFailed

    for fmt, body in (("toggl", "just,some,columns\n1,2,3\n"), ("punchclock", "{"), ("kimai", "")):
        with pytest.raises(ValidationFailed):
            run.import_text(db, fmt, body, alice, "x")
    assert entries(db) == []
