"""The day-facts cache never answers differently from the entries themselves.

Random writes through several write paths (REST, the timer, TimeTagger sync, an entry written past
every service), and after each one the cached read equals a live fold of the same days; refreshing
in between (whole, or only the changed days) changes nothing either.
"""

from __future__ import annotations

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from punchclock.balance import days as facts_days
from punchclock.kit.periods import today as local_today
from punchclock.kit.timeutil import now_ts
from punchclock.models import WorkDayState
from tests.entry.helpers import entry_by_hand, set_timezone
from tests.sync.helpers import login

ENTRIES = "/api/v1/time-entries"


def _iso(ts: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).isoformat()


def _same(db, user_id, zone, first, last):
    now = now_ts()
    cached = db.call(facts_days.day_facts, [user_id], first, last, now, write=False)[user_id]
    piece = db.call(facts_days.min_piece, write=False)
    live = db.call(facts_days.live, user_id, zone, piece, first, last, now, write=False)
    assert {d: f.as_tuple() for d, f in cached.items()} == {d: f.as_tuple() for d, f in live.items()}


@pytest.mark.parametrize("seed", [1, 2])
def test_cached_reads_equal_live_reads_through_every_write_path(api, db, seed):
    rnd = random.Random(seed)
    alice = api.user("member", name="alice")
    set_timezone(api, alice, "Europe/Berlin")
    h = api.headers(alice)
    tt = login(api, "alice")
    zone = ZoneInfo("Europe/Berlin")
    now = now_ts()
    today = local_today(zone, now)
    first, last = today - timedelta(days=8), today + timedelta(days=1)
    base = now - 7 * 86400
    hand = entry_by_hand(db, alice.id, "before history")  # 2023: no versions at all
    ids: list[int] = []
    keys: list[str] = []

    def span():
        start = base + rnd.randrange(0, 6 * 86400, 300)
        return start, start + rnd.randrange(600, 5 * 3600, 300)

    for step in range(40):
        op = rnd.choice(["create", "create", "move", "delete", "sync", "sync_move", "timer", "refresh"])
        if op == "create" or (op in ("move", "delete") and not ids):
            start, end = span()
            res = api.post(ENTRIES, json={"start_time": _iso(start), "end_time": _iso(end)}, headers=h)
            assert res.status_code == 201, res.text
            ids.append(res.json()["time_entry"]["id"])
        elif op == "move":
            start, end = span()
            body = {"start_time": _iso(start), "end_time": _iso(end)}
            assert api.patch(f"{ENTRIES}/{rnd.choice(ids)}", json=body, headers=h).status_code == 200
        elif op == "delete":
            assert api.delete(f"{ENTRIES}/{ids.pop(rnd.randrange(len(ids)))}", headers=h).status_code == 200
        elif op == "sync" or (op == "sync_move" and not keys):
            start, end = span()
            keys.append(f"k{step}")
            tt.push({"key": keys[-1], "t1": start, "t2": end, "ds": "", "mt": now_ts(), "st": 0})
        elif op == "sync_move":
            start, end = span()
            tt.push(
                {"key": rnd.choice(keys), "t1": start, "t2": end, "ds": "", "mt": now_ts() + step, "st": 0}
            )
        elif op == "timer":
            status = api.get("/api/v1/timer/status", headers=h).json()
            if status.get("active"):
                assert api.post("/api/v1/timer/stop", headers=h).status_code == 200
            else:
                assert api.post("/api/v1/timer/start", json={}, headers=h).status_code in (200, 201)
        else:
            db.call(facts_days.refresh, alice.id, now_ts())
            assert alice.id not in db.call(facts_days.stale, 10, write=False)  # it did fold
        _same(db, alice.id, "Europe/Berlin", first, last)
    # An entry from before history changes: the whole user reads live, then rebuilds whole.
    db.call(facts_days.refresh, alice.id, now_ts())
    body = {"start_time": _iso(base + 3600), "end_time": _iso(base + 7200)}
    assert api.patch(f"{ENTRIES}/{hand}", json=body, headers=h).status_code == 200
    _same(db, alice.id, "Europe/Berlin", first, last)
    assert db.call(facts_days.refresh, alice.id, now_ts())
    _same(db, alice.id, "Europe/Berlin", first, last)
    assert not db.call(facts_days.refresh, alice.id, now_ts())  # nothing left to do


def test_a_zone_change_or_a_new_shortest_break_rebuilds(api, db):
    alice = api.user("member", name="alice")
    h = api.headers(alice)
    now = now_ts()
    for k in range(3):
        start = now - (k + 2) * 86400
        body = {"start_time": _iso(start), "end_time": _iso(start + 3 * 3600)}
        assert api.post(ENTRIES, json=body, headers=h).status_code == 201
    assert db.call(facts_days.refresh_step, now) >= 1
    state = db.call(lambda s: s.get(WorkDayState, alice.id).zone, write=False)
    set_timezone(api, alice, "America/New_York")
    assert state != "America/New_York"
    zone = ZoneInfo("America/New_York")
    first, last = local_today(zone, now) - timedelta(days=6), local_today(zone, now)
    _same(db, alice.id, "America/New_York", first, last)
    assert alice.id in db.call(facts_days.repository.stale_users, 900, 10, write=False)
    db.call(facts_days.refresh_step, now_ts())
    _same(db, alice.id, "America/New_York", first, last)
    admin = api.headers(api.user("admin"))
    rules = {"break_rules": {"rules": [], "min_piece": 60, "deduct": False}}
    assert api.put("/api/v1/worktime/settings", json=rules, headers=admin).status_code == 200
    _same(db, alice.id, "America/New_York", first, last)
    assert alice.id in db.call(facts_days.repository.stale_users, 60, 10, write=False)


def test_two_refreshers_at_once_leave_one_state(api, db):
    alice = api.user("member", name="alice")
    h = api.headers(alice)
    now = now_ts()
    body = {"start_time": _iso(now - 86400), "end_time": _iso(now - 80000)}
    assert api.post(ENTRIES, json=body, headers=h).status_code == 201

    def both(session):
        # The second refresh sees the state the first one set in this transaction: nothing to do.
        return facts_days.refresh(session, alice.id, now), facts_days.refresh(session, alice.id, now)

    assert db.call(both) == (True, False)
