"""Reading TimeTagger's CSV export: separators, header names, time formats, tags, keys, bad rows."""

from __future__ import annotations

import os
from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

from punchclock.importer.csvfile import derived_key, parse_time, read_csv
from punchclock.importer.source import SourceError
from tests.importer.helpers import BAD_KEY, MT, copy_csv, expected

AMS = ZoneInfo("Europe/Amsterdam")
JAN15_9 = 1_705_309_200  # 2024-01-15T09:00:00Z


def write(tmp_path, text, name="export.csv", mtime=MT):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def test_the_web_apps_export_reads_back_as_the_servers_records(tmp_path):
    source = read_csv(copy_csv(tmp_path, mtime=MT + 5), AMS)
    want = expected("Alice")["records"]
    got = {r["key"]: r for r in source.records}
    # Hidden records are not exported; the reversed one is a bad row.
    visible = {k for k, r in want.items() if not r.get("ds", "").startswith("HIDDEN")}
    assert set(got) == visible - {BAD_KEY}
    assert [(f.key, f.reason) for f in source.unreadable] == [
        (BAD_KEY, "row 24: the stop is before the start")
    ]
    for key, record in got.items():
        assert record["ds"] == want[key].get("ds", ""), key
        assert record["t1"] == want[key]["t1"], key
        assert record["mt"] == MT + 5
        if want[key]["t1"] == want[key]["t2"]:
            assert record["t2"] == record["t1"] + 1, key  # imported records never run
        else:
            assert record["t2"] == want[key]["t2"], key


@pytest.mark.parametrize("sep", ["\t", ";", ","])
def test_separator_and_header_names_are_recognised(sep, tmp_path):
    rows = [
        ["ID", "Start Time", "End-Time", "Tag", "Summary", "Ignored"],
        ["k1", "2024-01-15T09:00:00Z", "2024-01-15T10:00:00Z", "", "Plain", "x"],
    ]
    path = write(tmp_path, "\ufeff" + "\r\n".join(sep.join(r) for r in rows) + "\r\n")
    (record,) = read_csv(path, UTC).records
    assert record == {"key": "k1", "t1": JAN15_9, "t2": JAN15_9 + 3600, "ds": "Plain", "mt": MT}


def test_times_may_be_unix_seconds_iso_8601_or_local(tmp_path):
    assert parse_time(str(JAN15_9), UTC) == JAN15_9
    assert parse_time(f"{JAN15_9}.5", UTC) == JAN15_9
    assert parse_time(f"{JAN15_9}.5", UTC, up=True) == JAN15_9 + 1
    assert parse_time("2024-01-15T09:00:00Z", AMS) == JAN15_9
    assert parse_time("2024-01-15T10:00:00+01:00", UTC) == JAN15_9
    assert parse_time("2024-01-15 10:00:00", AMS) == JAN15_9  # local, the export's default
    assert parse_time("2024-07-15 11:00:00", AMS) == JAN15_9 + 182 * 86400  # summer time
    for bad in ["", "yesterday", "nan", "inf", "1e30", "2124-01-01T00:00:00Z", "15-01-2024 10:00"]:
        with pytest.raises(ValueError):
            parse_time(bad, UTC)


def test_the_tags_column_adds_the_tags_missing_from_the_description(tmp_path):
    path = write(
        tmp_path,
        "key,start,stop,tags,description\n"
        'a,1705309200,1705312800,"#Client-A #new, other","Call #client-a"\n'
        "b,1705309200,1705312800,#Zoë Ünïcödé,\n",
    )
    a, b = read_csv(path, UTC).records
    assert a["ds"] == "Call #client-a #new #other"
    assert b["ds"] == "#zoë #ünïcödé"


def test_without_a_key_column_the_key_comes_from_the_times(tmp_path):
    text = "start,stop,description\n1705309200,1705312800,One\n1705312800,1705316400,Two\n"
    first = read_csv(write(tmp_path, text, "a.csv"), UTC).records
    again = read_csv(write(tmp_path, text.replace("One", "Renamed"), "b.csv"), UTC).records
    assert [r["key"] for r in first] == [r["key"] for r in again]
    assert first[0]["key"] == derived_key(1705309200, 1705312800)
    assert first[0]["key"] != first[1]["key"]
    assert len(first[0]["key"]) <= 64


def test_bad_rows_are_listed_with_their_row_and_the_rest_is_read(tmp_path):
    path = write(
        tmp_path,
        "key,start,stop,description\n"
        "ok,2024-01-15 09:00:00,2024-01-15 10:00:00,fine\n"
        "\n"
        "late,2024-01-15 09:00:00,whenever,bad stop\n"
        ",soon,2024-01-15 10:00:00,no key\n"
        "back,2024-01-15 10:00:00,2024-01-15 09:00:00,reversed\n"
        "old,1969-12-31 23:00:00,2024-01-15 09:00:00,too early\n",
    )
    source = read_csv(path, UTC)
    assert [r["key"] for r in source.records] == ["ok"]
    assert [(f.key, f.reason.split(":")[0]) for f in source.unreadable] == [
        ("late", "row 4"),
        ("row 5", "row 5"),
        ("back", "row 6"),
        ("old", "row 7"),
    ]
    assert "'whenever' is not a time" in source.unreadable[0].reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n  \n", "the file is empty"),
        (b"key start stop\n1 2 3\n", "no column separator"),
        (b"key,description\nk,text\n", "no start or stop column"),
        (b"key,start,description\nk,1705309200,text\n", "no stop column"),
        (
            b"subtotals,tag_groups,duration,date,start,stop,description,user,tags\n\n",
            "this is a report",
        ),
        (b"key,start,stop\n\xff\xfe,1,2\n", "not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(content, message, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=f"^bad.csv: {message}"):
        read_csv(path, UTC)
