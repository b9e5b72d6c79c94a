"""PostgreSQL's search window follows the text: as many of the newest entries as would hold the
page's matches MARGIN times over if the planner's estimate were spread evenly, within bounds; a
text absent from that window still comes back whole, newest first, from the trigram indexes."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from punchclock.search import sql, trigram
from punchclock.search.sql import Needle, Where, contains, scope
from tests.entry.helpers import ENTRIES, entry


@pytest.fixture
def pg(db):
    if db.is_sqlite:
        pytest.skip("SQLite's search walks its FTS5 index newest first: it has no window")
    return db


@pytest.mark.parametrize(
    ("entries", "matches", "limit", "expected"),
    [
        (700_000, 63_000, 51, 4 * 51 * 700_000 // 63_000),  # common among old entries: a short walk
        (700_000, 45, 51, sql.WINDOW),  # a rare text: the whole window (the planner takes the indexes)
        (700_000, 0, 51, sql.WINDOW),
        (700_000, 350_000, 51, trigram.MIN_WINDOW),  # every other entry: never less than the minimum
        (700_000, 128_000, 1001, sql.WINDOW),  # a deep page of a common word
    ],
)
def test_the_window_follows_the_estimate(pg, monkeypatch, entries, matches, limit, expected):
    monkeypatch.setattr(trigram, "_estimates", lambda *a: [entries, matches])
    assert trigram.window(None, [], "", {}, limit) == expected  # type: ignore[arg-type]


def test_the_estimates_come_from_the_planner(pg, api):
    h = api.headers(api.user("member"))
    for day in range(1, 11):
        entry(api, h, f"2024-03-{day:02d}T09:00:00Z", f"2024-03-{day:02d}T10:00:00Z", notes=f"Globex {day}")
    session = pg.session(write=False)
    try:
        params: dict = {}
        conditions = scope(Where(), params)
        test = contains(session, "notes", Needle("globex"), params)
        entries, matches = trigram._estimates(session, [conditions, [*conditions, test]], params)
    finally:
        session.close()
    assert entries >= 1
    assert 1 <= matches <= entries


def test_old_matches_past_a_short_window_come_back_newest_first(pg, api, monkeypatch):
    h = api.headers(api.user("member"))
    old = [
        entry(api, h, f"2024-01-{d:02d}T09:00:00Z", f"2024-01-{d:02d}T10:00:00Z", notes="Legacy Corp audit")[
            "id"
        ]
        for d in range(1, 6)
    ]
    for d in range(1, 21):
        entry(api, h, f"2024-02-{d:02d}T09:00:00Z", f"2024-02-{d:02d}T10:00:00Z", notes="Other work")
    monkeypatch.setattr(trigram, "MIN_WINDOW", 1)
    monkeypatch.setattr(trigram, "_estimates", lambda *a: [25, 20])  # "common": a window of 10
    res = api.get(f"{ENTRIES}?search=legacy%20corp&per_page=3", headers=h)
    assert res.status_code == 200, res.text
    assert [e["id"] for e in res.json()["time_entries"]] == old[::-1][:3]
    assert res.json()["pagination"]["has_next"] is True


def test_the_folded_notes_match_as_ilike_matched(pg, api):
    """PostgreSQL's search tests the notes lower-cased when written (migration 0016) against the
    needle lower-cased by the database: exactly what ILIKE did, whatever Python's lower() says."""
    h = api.headers(api.user("member"))
    texts = ["ΟΔΥΣΣΕΑΣ returns", "İstanbul trip", "Straße works", "KELVIN scale", "50%_done", "back\\slash"]
    for n, notes in enumerate(texts):
        entry(api, h, f"2024-04-{n + 1:02d}T09:00:00Z", f"2024-04-{n + 1:02d}T10:00:00Z", notes=notes)
    for typed in ("οδυσσεας", "ΟΔΥΣΣΕΑΣ", "ας ret", "istanbul", "İSTANBUL", "STRASSE", "straße", "kelvin",
                  "50%_", "0%_d", "k\\sl", "ack\\"):  # fmt: skip
        escaped = typed.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with pg.engine.connect() as conn:
            sql = "SELECT id FROM time_entries WHERE notes ILIKE :p ESCAPE '\\' ORDER BY start_at DESC"
            expected = list(conn.execute(text(sql), {"p": f"%{escaped}%"}).scalars())
        res = api.get(f"{ENTRIES}", params={"search": typed}, headers=h)
        assert res.status_code == 200, res.text
        assert [e["id"] for e in res.json()["time_entries"]] == expected, typed
