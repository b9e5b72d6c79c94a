"""`punchclock holidays list|refresh` in-process, on a fresh SQLite folder and PostgreSQL database."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from tests.cli.test_admin import invoke


def _corpus_christi(target):
    res = invoke(target, "holidays", "list", "DE-BY", "--year", "2026", "--json")
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)
    assert (found["calendar"], found["year"]) == ("DE-BY", 2026)
    return next(d for d in found["days"] if d["date"] == "2026-06-04")


def test_list_and_refresh_keep_a_switched_off_day(target):
    res = invoke(target, "holidays", "refresh")
    assert res.exit_code == 0, res.output
    assert "No calendar in use yet" in res.output
    day = _corpus_christi(target)
    assert (day["name"], day["enabled"]) == ("Corpus Christi", True)
    engine = create_engine(target[1])
    with engine.begin() as conn:
        conn.execute(text("UPDATE holiday_days SET enabled = false WHERE id = :id"), {"id": day["id"]})
    engine.dispose()
    res = invoke(target, "holidays", "refresh", "--calendar", "DE-BY", "--year", "2026")
    assert res.exit_code == 0, res.output
    assert res.output.strip() == "DE-BY 2026: 12 day(s)"
    again = _corpus_christi(target)
    assert (again["id"], again["enabled"]) == (day["id"], False)
    res = invoke(target, "holidays", "list", "DE-BE", "--year", "2026")
    assert res.exit_code == 0, res.output
    assert "German Unity Day" in res.output
    assert "Corpus Christi" not in res.output


def test_an_unknown_calendar_is_an_error(target):
    res = invoke(target, "holidays", "list", "XX-YY")
    assert res.exit_code == 1
    assert "Unknown holiday calendar 'XX-YY'" in res.output
    res = invoke(target, "holidays", "refresh", "--calendar", "DE-XX")
    assert res.exit_code == 1
