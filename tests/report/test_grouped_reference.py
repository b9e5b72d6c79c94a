"""The grouped report against a plain reference: random entries, every entry cut with zoneinfo.

The service sums most entries in SQL, per local day, and cuts only the rest in Python; the
reference here cuts every entry with ``split_days`` and adds the pieces up one by one. Any
difference in any figure of any group is a bug in one of the service's shortcuts (day bounds,
DST days, a skipped midnight, range edges, running timers, entries begun before the range,
rounding, whole-entry sums, filters).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from punchclock.auth.scopes import ROLE_SCOPES, Principal
from punchclock.kit.periods import PERIODS, day_date, midnight, period_start, round_seconds, split_days
from punchclock.kit.timeutil import get_zone
from punchclock.report import grouped
from punchclock.report.grouped import ReportQuery

NOW = int(midnight(date(2026, 4, 2), get_zone("UTC"))) + 15 * 3600
PROJECTS = {1: ("Alpha", 1, 80), 2: ("Beta", 1, None), 3: ("Gamma", 2, 55), 4: ("Delta", None, 120)}
TAGS = ("dev", "ops", "Review", "café")


def _seed(db: Any, zone: str, seed: int) -> None:
    rng = random.Random(seed)
    lo, hi = midnight(date(2026, 3, 20), get_zone(zone)), midnight(date(2026, 4, 4), get_zone(zone))
    with db.engine.begin() as conn:
        for n in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO users (id, username, display_name, role, password_hash, is_active, "
                    "token_seed, timezone, week_start, created_at, updated_at) VALUES (:id, :u, :u, :r, "
                    "'x', true, 's', :z, :w, 0, 0)"
                ),
                {"id": n, "u": f"user{n}", "r": "manager" if n == 1 else "member", "z": zone, "w": 6},
            )
        for cid in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO clients (id, name, status, created_at, updated_at) "
                    "VALUES (:i, :n, 'active', 0, 0)"
                ),
                {"i": cid, "n": f"Client {cid}"},
            )
        for pid, (name, cid, rate) in PROJECTS.items():
            conn.execute(
                text(
                    "INSERT INTO projects (id, name, description, client_id, hourly_rate, status, billable, "
                    "created_at, updated_at) VALUES (:i, :n, '', :c, :r, 'active', true, 0, 0)"
                ),
                {"i": pid, "n": name, "c": cid, "r": rate},
            )
        rows = []
        for n in range(400):
            start = rng.randrange(lo - 3 * 86400, hi + 86400)
            kind = rng.random()
            length = (
                rng.randrange(60, 7200) if kind < 0.7
                else rng.randrange(7200, 30 * 3600) if kind < 0.95
                else rng.randrange(30 * 3600, 4 * 86400)
            )  # fmt: skip
            rows.append(
                {
                    "u": rng.choice((1, 2, 3)),
                    "p": rng.choice((1, 2, 3, 4, None)),
                    "s": start,
                    "e": start + length,
                    "t": ",".join(sorted(rng.sample(TAGS, rng.randrange(0, 3)))),
                    "b": rng.random() < 0.7,
                    "k": f"k{n:07d}",
                    "d": start + length if rng.random() < 0.05 else None,
                }
            )
        # Entries that start or end exactly at a local midnight, the edge of every day's span.
        for n in range(19):
            edge = midnight(date(2026, 3, 19) + timedelta(days=n), get_zone(zone))
            start, end = (edge, edge + 1800) if n % 2 else (edge - 1800, edge)
            rows.append(
                {"u": 3, "p": 4, "s": start, "e": end, "t": "ops", "b": True, "k": f"m{n}", "d": None}
            )
        # One running timer each for two users: one began before the range, one inside it.
        rows.append(
            {"u": 1, "p": 1, "s": lo - 2 * 86400, "e": None, "t": "dev", "b": True, "k": "run1", "d": None}
        )
        rows.append(
            {"u": 2, "p": 3, "s": NOW - 30 * 3600, "e": None, "t": "", "b": False, "k": "run2", "d": None}
        )
        conn.execute(
            text(
                "INSERT INTO time_entries (user_id, project_id, start_at, end_at, notes, tags, billable, "
                "source, sync_key, mt, st, deleted_at, created_at, updated_at) VALUES (:u, :p, :s, :e, '', "
                ":t, :b, 'api', :k, 0, 0, :d, 0, 0)"
            ),
            rows,
        )


def _entries(db: Any) -> list[Any]:
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT e.id, e.user_id, e.project_id, p.client_id, e.start_at, e.end_at, e.tags, "
                    "e.billable FROM time_entries e LEFT JOIN projects p ON p.id = e.project_id "
                    "WHERE e.deleted_at IS NULL"
                )
            ).all()
        )


def _keys(dim: str, e: Any, day: int) -> list[str]:
    if dim == "project":
        return [str(e.project_id) if e.project_id else "none"]
    if dim == "client":
        return [str(e.client_id) if e.client_id else "none"]
    if dim == "user":
        return [str(e.user_id)]
    if dim == "tag":
        return [t.lower() for t in e.tags.split(",") if t] or ["none"]
    return [period_start(day_date(day), dim, 6).isoformat()]


def _reference(entries: list[Any], q: ReportQuery, zone: str) -> dict[str, Any]:
    """{group key: [seconds, billable seconds, entry ids, {sub key: [...]}]} and the totals."""
    tz = get_zone(zone)
    lo = midnight(date.fromisoformat(q.start_date or ""), tz)
    hi = midnight(date.fromisoformat(q.end_date or "") + timedelta(days=1), tz)
    step = q.rounding_minutes * 60

    def node() -> list[Any]:
        return [0, 0, set(), defaultdict(node)]

    total, groups = node(), defaultdict(node)
    for e in entries:
        if q.project_ids and e.project_id not in q.project_ids:
            continue
        if (q.user_ids and e.user_id not in q.user_ids) or (
            q.billable is not None and e.billable != q.billable
        ):
            continue
        if q.tags and not {t.lower() for t in q.tags} & {t.lower() for t in e.tags.split(",")}:
            continue
        a, b = max(e.start_at, lo), min(NOW if e.end_at is None else e.end_at, hi)
        for day, p, r in split_days(a, b, tz):
            seconds = round_seconds(r - p, q.rounding, step)
            billable = seconds if e.billable else 0
            targets = [total]
            for key in _keys(q.group_by, e, day):
                g = groups[key]
                targets.append(g)
                if q.sub_group_by:
                    targets.extend(g[3][sub] for sub in _keys(q.sub_group_by, e, day))
            for t in {id(t): t for t in targets}.values():
                t[0] += seconds
                t[1] += billable
                t[2].add(e.id)
    return {"total": total, "groups": groups}


def _figures(n: dict[str, Any]) -> tuple[int, int, int]:
    return n["seconds"], n["billable_seconds"], n["entries"]


def _ref_figures(n: list[Any]) -> tuple[int, int, int]:
    return n[0], n[1], len(n[2])


QUERIES = [
    {"group_by": "project"},
    {"group_by": "client", "sub_group_by": "month"},
    {"group_by": "tag", "sub_group_by": "user"},
    {"group_by": "day", "sub_group_by": "project"},
    {"group_by": "week", "sub_group_by": "tag"},
    {"group_by": "user", "sub_group_by": "project", "rounding": "up", "rounding_minutes": 15},
    {"group_by": "project", "rounding": "nearest", "rounding_minutes": 30},
    {"group_by": "day", "rounding": "down", "rounding_minutes": 10},
    {"group_by": "year", "sub_group_by": "client"},
    {"group_by": "project", "project_ids": [1, 3], "tags": ["DEV", "café"]},
    # One person's time takes another way through PostgreSQL (see grouped_repository._joined).
    {"group_by": "week", "sub_group_by": "project", "user_ids": [2], "billable": True},
    {"group_by": "tag", "sub_group_by": "day", "user_ids": [1], "rounding": "up", "rounding_minutes": 15},
]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/Santiago", "Asia/Kolkata"])
def test_every_figure_matches_a_plain_reference(db, monkeypatch, zone):
    # Berlin's clocks go forward on 29 March (a 23-hour day), Santiago's go back at the end of
    # 4 April (a 25-hour day), Kolkata is +05:30 all year.
    _seed(db, zone, seed=len(zone))
    monkeypatch.setattr(grouped, "now_ts", lambda: NOW)
    entries = _entries(db)
    manager = Principal(1, "user1", "manager", ROLE_SCOPES["manager"], "api")
    for fields in QUERIES:
        for span in (
            ("2026-03-22", "2026-04-05"),
            ("2026-03-29", "2026-03-29"),
            ("2026-03-10", "2026-04-01"),
        ):
            q = ReportQuery(start_date=span[0], end_date=span[1], **fields)  # type: ignore[arg-type]
            got = db.call(grouped.grouped, manager, q, write=False)
            want = _reference(entries, q, zone)
            where = f"{zone} {span} {fields}"
            assert _figures(got["totals"]) == _ref_figures(want["total"]), where
            assert {g["key"]: _figures(g) for g in got["groups"]} == {
                k: _ref_figures(v) for k, v in want["groups"].items()
            }, where
            for g in got["groups"]:
                subs = want["groups"][g["key"]][3]
                assert {s["key"]: _figures(s) for s in g["groups"]} == {
                    k: _ref_figures(v) for k, v in subs.items()
                }, f"{where} {g['key']}"


def test_reference_covers_periods():
    assert set(PERIODS) <= {q.get("group_by") for q in QUERIES} | {q.get("sub_group_by") for q in QUERIES}


def test_summary_matches_a_plain_reference(db, monkeypatch):
    # The summary clips to instants, not local days: odd edges, with and without filters.
    from punchclock.report import service

    _seed(db, "Europe/Berlin", seed=7)
    monkeypatch.setattr(service, "now_ts", lambda: NOW)
    entries = _entries(db)
    manager = Principal(1, "user1", "manager", ROLE_SCOPES["manager"], "api")
    lo = midnight(date(2026, 3, 20), get_zone("UTC"))
    for start, end, user_id, project_id in [
        (lo + 1234, lo + 9 * 86400 + 77, None, None),
        (lo - 5 * 86400, NOW + 3600, 2, None),
        (lo + 3 * 86400 + 5, lo + 3 * 86400 + 7200, None, 3),
    ]:
        got = db.call(service.summary, manager, start, end, user_id, project_id, write=False)
        want: dict[Any, list[int]] = defaultdict(lambda: [0, 0, 0])
        for e in entries:
            if (user_id and e.user_id != user_id) or (project_id and e.project_id != project_id):
                continue
            seconds = min(NOW if e.end_at is None else e.end_at, end) - max(e.start_at, start)
            if seconds > 0:
                w = want[e.project_id]
                w[0], w[1], w[2] = w[0] + seconds, w[1] + (seconds if e.billable else 0), w[2] + 1
        assert got["total_seconds"] == sum(w[0] for w in want.values())
        assert got["total_entries"] == sum(w[2] for w in want.values())
        assert {
            p["project_id"]: (p["hours"], p["billable_hours"], p["entries"]) for p in got["by_project"]
        } == {pid: (round(w[0] / 3600, 2), round(w[1] / 3600, 2), w[2]) for pid, w in want.items()}
        assert [p["hours"] for p in got["by_project"]] == sorted(
            (p["hours"] for p in got["by_project"]), reverse=True
        )
