"""Database.call's work done apart: after a commit (upkeep), or unless it commits (a kept record)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from punchclock.db import apart_after_commit, apart_unless_committed
from punchclock.errors import Unauthorized
from tests.auth.helpers import rows

NOTE = "INSERT INTO server_settings (key, value, updated_at) VALUES (:k, '1', 0)"


def keys(db):
    return [r["key"] for r in rows(db, "SELECT key FROM server_settings ORDER BY key")]


def note(key):
    return lambda session: session.execute(text(NOTE), {"k": key})


def test_kept_work_runs_in_its_own_transaction_when_the_call_fails(db):
    def refused(session):
        session.execute(text(NOTE), {"k": "in the failed transaction"})
        apart_unless_committed(session, note("kept"))
        apart_after_commit(session, note("upkeep"))
        raise Unauthorized("no")

    with pytest.raises(Unauthorized):
        db.call(refused)
    assert keys(db) == ["kept"]


def test_after_a_commit_only_the_upkeep_runs(db):
    def fine(session):
        apart_unless_committed(session, note("kept"))
        apart_after_commit(session, note("upkeep"))

    db.call(fine)
    assert keys(db) == ["upkeep"]


def test_a_failing_apart_work_is_logged_and_the_callers_answer_stands(db, caplog):
    def broken(session):
        raise RuntimeError("apart work broke")

    def refused(session):
        apart_unless_committed(session, broken)
        apart_unless_committed(session, note("still kept"))
        raise Unauthorized("no")

    with caplog.at_level(logging.ERROR, logger="punchclock.db"), pytest.raises(Unauthorized):
        db.call(refused)
    assert "work done apart from a transaction failed" in caplog.text
    assert keys(db) == ["still kept"]
