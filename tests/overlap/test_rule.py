"""The overlap rule on every write path: allow (today's behaviour), warn (saved, flagged) and forbid
(409 overlap naming the entry), for REST, the timer, restore, the sync push and imports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.approval.helpers import OLD_MONDAY, at, entry, people
from tests.conftest import Api
from tests.sync.helpers import login, record

ENTRIES = "/api/v1/time-entries"
DAY = OLD_MONDAY


def rule(api: Api, h: dict[str, str], value: str) -> None:
    res = api.put("/api/v1/signoff", headers=h, json={"overlap_rule": value})
    assert res.status_code == 200, res.text
    assert res.json()["overlap_rule"] == value


def test_allow_is_the_default_and_says_nothing(api: Api) -> None:
    _, mh, *_ = people(api)
    assert api.get("/api/v1/signoff", headers=mh).json()["overlap_rule"] == "allow"
    entry(api, mh, DAY, 9, 11)
    second = entry(api, mh, DAY, 10, 12)
    assert "overlaps" not in second


def test_warn_saves_and_flags(api: Api) -> None:
    _, mh, *_, ah = people(api)
    first = entry(api, mh, DAY, 9, 11)
    rule(api, ah, "warn")
    second = entry(api, mh, DAY, 10, 12)
    assert second["overlaps"] == [first["id"]]
    apart = entry(api, mh, DAY, 13, 14)
    assert "overlaps" not in apart
    res = api.patch(f"{ENTRIES}/{apart['id']}", headers=mh, json={"start_time": at(DAY, 11, 30)})
    assert res.json()["time_entry"]["overlaps"] == [second["id"]]


def test_forbid_refuses_on_every_path(api: Api) -> None:
    member, mh, *_, ah = people(api)
    first = entry(api, mh, DAY, 9, 11)
    gone = entry(api, mh, DAY + timedelta(days=1), 9, 10)
    api.delete(f"{ENTRIES}/{gone['id']}", headers=mh)
    rule(api, ah, "forbid")
    # A new user gets the rule too.
    late = api.user("member")
    body = {"start_time": at(DAY, 10), "end_time": at(DAY, 12)}
    res = api.post(ENTRIES, headers=mh, json=body)
    assert res.status_code == 409
    assert res.json()["code"] == "overlap"
    assert res.json()["conflict"]["id"] == first["id"]
    assert api.post(ENTRIES, headers=api.headers(late), json=body).status_code == 201
    # Touching ends are not an overlap.
    after = entry(api, mh, DAY, 11, 12)
    res = api.patch(f"{ENTRIES}/{after['id']}", headers=mh, json={"start_time": at(DAY, 10, 30)})
    assert res.json()["code"] == "overlap"
    # A timer started back in time over an entry.
    res = api.post("/api/v1/timer/start", headers=mh, json={"start_time": at(DAY, 10)})
    assert res.status_code == 409
    # Restoring into taken time.
    entry(api, mh, DAY + timedelta(days=1), 9, 10)
    assert api.post(f"{ENTRIES}/{gone['id']}/restore", headers=mh).json()["code"] == "overlap"
    # The sync push refuses that record alone.
    tt = login(api, member.username)
    t = int(datetime(DAY.year, DAY.month, DAY.day, 10, tzinfo=UTC).timestamp())
    answer = tt.push(
        record("clash", t, t + 600, "clash"), record("free", t + 86400 * 3, t + 86400 * 3 + 600, "ok")
    )
    assert answer["accepted"] == ["free"]
    assert answer["failed"] == ["clash"]
    assert answer["errors"][0].startswith("'clash': overlap:")
    # An import rejects the row.
    day = DAY.isoformat()
    text = f"key\tstart\tstop\ttags\tdescription\nX1\t{day} 10:00:00\t{day} 10:30:00\t\tclash\n"
    out = api.post("/api/v1/imports?format=timetagger&timezone=UTC", content=text.encode(), headers=mh).json()
    assert "It overlaps" in out["import"]["rejected"][0]["reason"]


def test_only_admins_set_the_rule_and_nonsense_is_refused(api: Api) -> None:
    _, mh, _, bh, _, ah = people(api)
    assert api.put("/api/v1/signoff", headers=bh, json={"overlap_rule": "forbid"}).status_code == 403
    res = api.put("/api/v1/signoff", headers=ah, json={"overlap_rule": "sometimes"})
    assert res.status_code == 400
    assert api.get("/api/v1/signoff", headers=mh).json()["overlap_rule"] == "allow"
