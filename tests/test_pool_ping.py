"""PostgreSQL's pool pings a connection before use only after it rested (punchclock.db)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from punchclock import db as db_module
from punchclock.errors import ServiceUnavailable


def _backend(session) -> int:
    return session.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _kill(db, pid: int) -> None:
    """End that backend from a connection of its own (not one of the pool's)."""
    killer = create_engine(db.url, poolclass=NullPool)
    with killer.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()


@pytest.fixture
def pg(db):
    if db.is_sqlite:
        pytest.skip("PostgreSQL's pool only")
    db.engine.dispose()  # one pooled connection from here on, the one each test uses
    return db


def test_a_rested_connection_that_broke_is_replaced_before_use(pg, monkeypatch):
    first = pg.call(_backend, write=False)
    _kill(pg, first)
    monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 0.0)  # every checkout counts as rested
    assert pg.call(_backend, write=False) != first


def test_a_connection_back_within_the_second_is_not_pinged(pg, monkeypatch):
    first = pg.call(_backend, write=False)

    monkeypatch.setattr(db_module, "IDLE_PING_SECONDS", 3600.0)
    _kill(pg, first)
    # Not rested: no ping, so the dead connection is used and that request fails once, as a 503
    # to retry (not a 500)...
    with pytest.raises(ServiceUnavailable, match="connection was lost"):
        pg.call(_backend, write=False)
    # ...and the pool, told it is dead, replaces it for the next.
    assert pg.call(_backend, write=False) != first
