"""SQLite's page cache is bounded per connection (PUNCHCLOCK_SQLITE_CACHE_KIB), on the pool's
connections and on the hot-read ones alike."""

from __future__ import annotations

from sqlalchemy import text

from punchclock.db import SQLITE_CACHE_KIB, Database


def test_every_connection_gets_the_bounded_cache(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}", sqlite_cache_kib=123)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA cache_size")).scalar() == -123
        hot = db._hot_reader()
        with hot.engine.connect() as conn:  # type: ignore[attr-defined]
            assert conn.execute(text("PRAGMA cache_size")).scalar() == -123
    finally:
        db.dispose()


def test_the_default_is_the_bounded_one(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA cache_size")).scalar() == -SQLITE_CACHE_KIB == -256
    finally:
        db.dispose()
