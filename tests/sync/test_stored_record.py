"""The feed's stored records (time_entries.sync_record): after every kind of write,
``updates?since=0`` says exactly what rendering each entry from its fields says.

The reference is sync.service.get_records_by_keys, which renders every record from notes, tags, the
project's tag and deletion (what the feed itself did before the ds was stored).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest

from punchclock.importer.service import import_data_dir
from punchclock.sync import feed
from punchclock.sync import service as sync_service
from tests.entry.helpers import ENTRIES, entry, project
from tests.importer.helpers import ALICE_FILE
from tests.importer.test_import_api import FIXTURES as IMPORTS
from tests.sync.helpers import T0, entries, record, tt_user

START, END = "2024-01-15T09:00:00Z", "2024-01-15T10:30:00Z"


def _same_as_rendered(api: Any, user: Any, tt: Any) -> list[dict[str, Any]]:
    """The full pull, checked record by record against the rendered reference."""
    pulled = tt.updates()["records"]
    keys = [r["key"] for r in pulled]
    reference = api.db.call(sync_service.get_records_by_keys, user.id, keys, write=False)
    assert len(set(keys)) == len(keys) == len(reference)
    for got in pulled:
        assert got == reference[got["key"]]
    return pulled


def _stored_ds(row: dict[str, Any]) -> str | None:
    """The ds of a row's stored record (None when it has none)."""
    return None if row["sync_record"] is None else json.loads(row["sync_record"])["ds"]


def _ds(pulled: list[dict[str, Any]]) -> dict[str, str]:
    return {r["key"]: r["ds"] for r in pulled}


def test_pushed_records_store_their_ds_and_the_feed_sends_it(api):
    user, tt = tt_user(api)
    tt.push(
        record("a", T0, T0 + 60, "Code review #Acme #café"),
        record("b", T0 + 100, T0 + 160, "HIDDEN gone #x"),
        record("c", T0 + 200, T0 + 260, ""),
        record("d", T0 + 300, T0 + 360, "#tag-only #Σίσυφος"),
        record("e", T0 + 400, T0 + 400, "running #now"),
        record("f", T0 + 500, T0 + 560, "HIDDEN"),
    )
    rows = {r["sync_key"]: r for r in entries(api.db, user.id)}
    # Every pushed row carries its record as rendered from its fields, stamped with the row's own st.
    for row in rows.values():
        assert row["sync_record_st"] == row["st"]
        fields = ("sync_key", "start_at", "end_at", "notes", "tags")
        rendered = sync_service.record(
            *[row[f] for f in fields], None, row["deleted_at"], row["mt"], row["st"]
        )
        assert json.loads(row["sync_record"]) == rendered
        assert row["sync_record"] == orjson.dumps(rendered).decode()
    assert _ds(_same_as_rendered(api, user, tt)) == {
        "a": "Code review #Acme #café",
        "b": "HIDDEN gone #x",
        "c": "",
        "d": "#tag-only #Σίσυφος",
        "e": "running #now",
        "f": "HIDDEN",
    }


def test_a_ds_kept_from_the_rest_api_is_stored_as_rendered_not_as_the_notes(api):
    # Pushed back with the same text (stopped later, then hidden), the entry keeps its REST notes
    # and tags: the stored ds must be their rendering, not the notes alone.
    user, tt = tt_user(api)
    entry(api, api.headers(user), START, END, notes="Design review", tags="ux,Client-A")
    (rec,) = tt.records()
    assert rec["ds"] == "Design review #ux #client-a"
    tt.push({**rec, "t2": rec["t2"] + 600, "mt": rec["mt"] + 1})
    (row,) = entries(api.db, user.id)
    assert (row["notes"], _stored_ds(row), row["sync_record_st"]) == ("Design review", rec["ds"], row["st"])
    tt.push({**rec, "ds": "HIDDEN " + rec["ds"], "mt": rec["mt"] + 2})
    (row,) = entries(api.db, user.id)
    assert row["deleted_at"] is not None
    assert _stored_ds(row) == "HIDDEN Design review #ux #client-a"
    assert _ds(_same_as_rendered(api, user, tt)) == {rec["key"]: "HIDDEN Design review #ux #client-a"}


def test_every_rest_write_after_a_push_is_what_the_feed_sends(api):
    # Each REST write changes a field ds is rendered from, after a push stored the ds: the stored
    # copy is stale from then on and must not be sent.
    user, tt = tt_user(api)
    h = api.headers(user)
    pid = project(api, api.headers(api.user("admin")), "Website", tag="web")
    tt.push(
        record("notes", T0, T0 + 60, "first #one"),
        record("tags", T0 + 100, T0 + 160, "keep #a"),
        record("proj", T0 + 200, T0 + 260, "site work"),
        record("del", T0 + 300, T0 + 360, "delete me #x"),
        record("run", T0 + 400, T0 + 400, "running #r"),
    )
    ids = {r["sync_key"]: r["id"] for r in entries(api.db, user.id)}
    assert api.patch(f"{ENTRIES}/{ids['notes']}", json={"notes": "second"}, headers=h).status_code == 200
    assert api.patch(f"{ENTRIES}/{ids['tags']}", json={"tags": "b,c"}, headers=h).status_code == 200
    assert api.patch(f"{ENTRIES}/{ids['proj']}", json={"project_id": pid}, headers=h).status_code == 200
    assert api.delete(f"{ENTRIES}/{ids['del']}", headers=h).status_code == 200
    assert api.post("/api/v1/timer/stop", headers=h).status_code == 200
    assert _ds(_same_as_rendered(api, user, tt)) == {
        "notes": "second",  # #one was written only in the old notes: it went with them
        "tags": "keep #a #b #c",
        "proj": "site work #web",
        "del": "HIDDEN delete me #x",
        "run": "running #r",
    }


def test_rest_created_entries_and_timers_are_rendered(api):
    user, tt = tt_user(api)
    h = api.headers(user)
    entry(api, h, START, END, notes="HIDDEN in the notes", tags="t")
    api.post("/api/v1/timer/start", json={"notes": "focus", "tags": "deep"}, headers=h)
    tt.push(record("pushed", T0, T0 + 60, "pushed #p"))
    _same_as_rendered(api, user, tt)
    assert api.post("/api/v1/timer/stop", headers=h).status_code == 200
    pulled = _same_as_rendered(api, user, tt)
    assert {r["ds"] for r in pulled} == {" HIDDEN in the notes #t", "focus #deep", "pushed #p"}


def test_imports_are_sent_as_rendered(api):
    # A TimeTagger data folder goes through the sync service's push (ds stored); a Toggl CSV through
    # entry.bulk (no ds stored, projects and tags from the file): both are sent as rendered.
    user, tt = tt_user(api, "manager")
    import_data_dir(api.db, ALICE_FILE, user.username)
    rows = entries(api.db, user.id)
    assert rows
    assert all(row["sync_record_st"] == row["st"] for row in rows if row["project_id"] is None)
    body = (IMPORTS / "toggl.csv").read_bytes()
    res = api.post(
        "/api/v1/imports?format=toggl&timezone=Europe/Berlin", content=body, headers=api.headers(user)
    )
    assert res.json()["import"]["imported"] == 4
    assert len(_same_as_rendered(api, user, tt)) == len(rows) + 4


def test_a_project_tag_rename_is_sent_with_the_new_tag(api):
    user, tt = tt_user(api)
    admin_h = api.headers(api.user("admin"))
    tagged = project(api, admin_h, "Website", tag="web")
    plain = project(api, admin_h, "Internal")
    h = api.headers(user)
    tt.push(record("byTag", T0, T0 + 60, "site #web"), record("plain", T0 + 100, T0 + 160, "office"))
    ids = {r["sync_key"]: r for r in entries(api.db, user.id)}
    assert ids["byTag"]["project_id"] == tagged
    assert ids["byTag"]["sync_record"] is None  # a tagged project's entry is always rendered
    assert (
        api.patch(f"{ENTRIES}/{ids['plain']['id']}", json={"project_id": plain}, headers=h).status_code == 200
    )
    # The untagged project's entry is pushed again (same text): its ds is stored under that project.
    (plain_rec,) = [r for r in tt.records() if r["key"] == "plain"]
    tt.push({**plain_rec, "t2": plain_rec["t2"] + 60, "mt": plain_rec["mt"] + 1})
    (row,) = [r for r in entries(api.db, user.id) if r["sync_key"] == "plain"]
    assert (row["project_id"], _stored_ds(row), row["sync_record_st"]) == (plain, "office", row["st"])
    for pid, tag in ((tagged, "site"), (plain, "int")):
        assert api.patch(f"/api/v1/projects/{pid}", json={"tag": tag}, headers=admin_h).status_code == 200
    pulled = _same_as_rendered(api, user, tt)
    assert _ds(pulled) == {"byTag": "site #web #site", "plain": "office #int"}


def test_a_stored_ds_whose_project_gained_a_tag_is_not_sent_even_unstamped(api):
    # Belt and braces: a project's tag change re-stamps its entries, but the feed does not rely on
    # that alone. Here the tag is set behind the services' back, without any stamp.
    from sqlalchemy import text

    user, tt = tt_user(api)
    pid = project(api, api.headers(api.user("admin")), "Internal")
    tt.push(record("k", T0, T0 + 60, "office"))
    with api.db.engine.begin() as conn:
        conn.execute(text("UPDATE time_entries SET project_id = :p"), {"p": pid})
        conn.execute(text("UPDATE projects SET tag = 'int' WHERE id = :p"), {"p": pid})
    assert _ds(_same_as_rendered(api, user, tt)) == {"k": "office #int"}


def test_a_tagged_projects_entry_whose_tag_went_unstamped_is_rendered(api):
    # A push stores no ds for a tagged project's entry (but its stamp). Should the tag go without
    # a stamp, the entry must still be rendered, not sent with no ds at all.
    from sqlalchemy import text

    user, tt = tt_user(api)
    pid = project(api, api.headers(api.user("admin")), "Website", tag="web")
    tt.push(record("k", T0, T0 + 60, "site #web"))
    (row,) = entries(api.db, user.id)
    assert (row["project_id"], row["sync_record"], row["sync_record_st"]) == (pid, None, row["st"])
    with api.db.engine.begin() as conn:
        conn.execute(text("UPDATE projects SET tag = NULL WHERE id = :p"), {"p": pid})
    assert _ds(_same_as_rendered(api, user, tt)) == {"k": "site #web"}


def test_a_row_changed_without_its_stored_ds_is_rendered(api):
    # Any writer that stamps (every writer must, or clients never see its change) makes the stored
    # copy stale, even one that knows nothing of it.
    from sqlalchemy import text

    user, tt = tt_user(api)
    tt.push(record("k", T0, T0 + 60, "old #a"), record("same", T0 + 100, T0 + 160, "kept #b"))
    with api.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE time_entries SET notes = 'new', tags = 'z', st = st + 1 WHERE sync_key = 'k'")
        )
    assert _ds(_same_as_rendered(api, user, tt)) == {"same": "kept #b", "k": "new #z"}


@pytest.mark.parametrize("n", [1, 3, 7])
def test_stale_and_stored_rows_mix_within_and_across_chunks(api, monkeypatch, n):
    monkeypatch.setattr(feed, "BATCH", n)
    user, tt = tt_user(api)
    h = api.headers(user)
    tt.push(*[record(f"k{i}", T0 + 100 * i, T0 + 100 * i + 60, f"r{i} #t{i % 3}") for i in range(10)])
    ids = {r["sync_key"]: r["id"] for r in entries(api.db, user.id)}
    for i in (1, 2, 5, 9):
        res = api.patch(f"{ENTRIES}/{ids[f'k{i}']}", json={"notes": f"rest {i}"}, headers=h)
        assert res.status_code == 200
    entry(api, h, START, END, notes="from rest", tags="q")
    pulled = _same_as_rendered(api, user, tt)
    assert len(pulled) == 11
    assert _ds(pulled)["k5"] == "rest 5"  # its tag was written only in the notes it replaced
