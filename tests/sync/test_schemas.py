"""Validation of pushed items and query parameters, on their own."""

from __future__ import annotations

import base64

import orjson
import pytest

from punchclock.errors import BadRequest, PayloadTooLarge
from punchclock.sync.schemas import (
    MAX_ITEMS,
    ItemError,
    decode_bootstrap,
    item_key,
    parse_flag,
    parse_items,
    parse_since,
    parse_tag_filter,
    parse_timerange,
    record_in,
    setting_in,
)

GOOD = {"key": "abc", "t1": 1_700_000_000, "t2": 1_700_003_600, "ds": "x", "mt": 1_700_000_000}


def test_a_good_record_parses():
    rec = record_in(GOOD)
    assert (rec.key, rec.t1, rec.t2, rec.ds, rec.mt) == ("abc", 1_700_000_000, 1_700_003_600, "x", 1.7e9)
    assert not rec.running
    assert not rec.hidden
    assert record_in({**GOOD, "t2": GOOD["t1"]}).running
    assert not record_in({**GOOD, "t2": GOOD["t1"], "ds": "HIDDEN"}).running
    assert record_in({k: v for k, v in GOOD.items() if k != "ds"}).ds == ""


def test_fractional_times_are_truncated_like_timetagger():
    assert record_in({**GOOD, "t1": 1_700_000_000.9}).t1 == 1_700_000_000


@pytest.mark.parametrize(
    "change",
    [
        {"key": ""},
        {"key": "k" * 65},
        {"key": 5},
        {"key": "a\x00b"},
        {"t1": "1700000000"},
        {"t1": True},
        {"t1": None},
        {"t1": float("nan")},
        {"t1": float("inf")},
        {"t1": -1},
        {"t2": 4_102_444_800},
        {"t1": 1_700_003_601},  # after t2
        {"ds": "x" * 4097},
        {"ds": "a\x00b"},
        {"ds": 5},
        {"ds": "\ud800"},
        {"mt": "now"},
        {"mt": False},
        {"mt": float("nan")},
    ],
)
def test_bad_records_are_refused_with_a_reason(change):
    with pytest.raises(ItemError) as err:
        record_in({**GOOD, **change})
    assert str(err.value)


@pytest.mark.parametrize("missing", ["key", "t1", "t2", "mt"])
def test_required_record_fields(missing):
    with pytest.raises(ItemError, match=missing):
        record_in({k: v for k, v in GOOD.items() if k != missing})


def test_settings_keep_their_value_as_json_text():
    setting = setting_in({"key": "workdays", "value": {"mon": True, "n": 1.5}, "mt": 5})
    assert orjson.loads(setting.value) == {"mon": True, "n": 1.5}
    with pytest.raises(ItemError, match="8192"):
        setting_in({"key": "big", "value": "x" * 8200, "mt": 5})
    with pytest.raises(ItemError):
        setting_in({"key": "k" * 65, "value": 1, "mt": 5})
    with pytest.raises(ItemError):
        setting_in(["not", "a", "dict"])


def test_item_key():
    assert item_key({"key": "a"}) == "a"
    assert item_key({"key": 1}) is None
    assert item_key("x") is None


def test_bodies_must_be_json_lists_of_bounded_length():
    assert parse_items(b"[]", "records") == []
    for body in (b"{}", b"5", b'"x"', b"not json", b"", b"[1e400]"):
        with pytest.raises(BadRequest):
            parse_items(body, "records")
    with pytest.raises(PayloadTooLarge):
        parse_items(orjson.dumps([{}] * (MAX_ITEMS + 1)), "records")


@pytest.mark.parametrize("text", [None, "", "nan", "inf", "-inf", "abc", "1" * 100, "1e999"])
def test_bad_since(text):
    with pytest.raises(BadRequest):
        parse_since(text)


def test_good_since():
    assert parse_since("0") == 0
    assert parse_since("1795356861.6911657") == 1795356861.6911657
    assert parse_since("-5") == -5


@pytest.mark.parametrize(
    "text", [None, "", "inf-0", "nan-5", "5", "1-2-3", "-5-10", "10-5", "a-b", "1e3-1e4"]
)
def test_bad_timerange(text):
    with pytest.raises(BadRequest):
        parse_timerange(text)


def test_good_timerange():
    assert parse_timerange("100-200") == (100, 200)
    assert parse_timerange(" 100.7 - 200 ") == (100, 200)
    assert parse_timerange("5-5") == (5, 5)
    assert parse_timerange("0-" + "9" * 20)[1] == 2**53


def test_flags_and_tag_filters():
    assert [parse_flag(v) for v in (None, "", "1", "yes", "true", "0", "no", "off", "FALSE")] == [
        None,
        None,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert parse_tag_filter("#Work, client/a,,") == ["work", "client/a"]
    assert parse_tag_filter(None) == []


def test_bootstrap_bodies():
    good = base64.b64encode(b'{"method": "localhost"}')
    assert decode_bootstrap(good) == {"method": "localhost"}
    urlsafe = base64.urlsafe_b64encode(b'{"x": "~~~???>>>"}')
    assert b"_" in urlsafe or b"-" in urlsafe
    assert decode_bootstrap(urlsafe) == {"x": "~~~???>>>"}
    for bad in (b"%%%", base64.b64encode(b"not json"), base64.b64encode(b"[1]"), b"", b"\xff"):
        with pytest.raises(BadRequest):
            decode_bootstrap(bad)
