"""A push finds its records by key with one probe of the (user_id, sync_key) index per key, on
PostgreSQL whatever the table's statistics say (sync.repository.records_by_keys)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from punchclock.sync import repository, service
from punchclock.user import service as user_service
from tests.sync.helpers import T0, record


@pytest.fixture
def pushed(db):
    user = db.call(user_service.create, "keys", "password123", "member")
    db.call(service.push_records, user.id, [record(f"p{i:04d}", t1=T0 + 4000 * i) for i in range(3000)])
    return db, user.id


def test_the_lookup_finds_exactly_the_keys_that_exist(pushed):
    db, user_id = pushed
    asked = ["p0000", "p1500", "p2999", "nope", "p1500", ""]
    rows = db.call(repository.records_by_keys, user_id, asked, write=False)
    assert sorted(row.sync_key for row in rows) == ["p0000", "p1500", "p2999"]
    assert {row.start_at for row in rows} == {T0, T0 + 4000 * 1500, T0 + 4000 * 2999}


def _plan_nodes(plan: dict) -> list[dict]:
    nodes = [plan]
    for child in plan.get("Plans", []):
        nodes += _plan_nodes(child)
    return nodes


def test_postgresql_probes_the_key_index_even_before_any_analyze(pushed):
    """3,000 rows just written and never analyzed (autovacuum slow or off): a plan left to the
    statistics scanned all the user's rows for every push."""
    db, user_id = pushed
    if db.is_sqlite:
        pytest.skip("PostgreSQL's planner only")
    statement = repository._by_key_array()
    compiled = statement.compile(dialect=db.engine.dialect)
    keys = [f"p{i:04d}" for i in range(0, 3000, 3)]
    with db.engine.connect() as conn:
        conn.execute(text("SET plan_cache_mode = force_generic_plan"))  # as once psycopg prepares it
        explained = conn.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) " + compiled.string, {"uid": user_id, "keys": keys, "param_1": 1}
        ).scalar_one()
    plan = explained if isinstance(explained, list) else json.loads(explained)
    scans = [n for n in _plan_nodes(plan[0]["Plan"]) if n.get("Relation Name") == "time_entries"]
    assert [(n["Node Type"], n["Index Name"]) for n in scans] == [("Index Scan", "uq_time_entries_user_key")]
