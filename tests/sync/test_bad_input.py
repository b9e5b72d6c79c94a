"""Bad input answers 4xx in plain text, never 500; wrong methods 405, unknown paths 404; size limits."""

from __future__ import annotations

import orjson
import pytest

from punchclock.sync.schemas import MAX_ITEMS
from tests.auth.helpers import build_app, client_at
from tests.sync.helpers import ROOT, T0, bootstrap_body, record, tt_user


def plain(res, status: int, reason: str) -> None:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("text/plain"), res.headers
    assert res.text.startswith(f"{reason}: "), res.text


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"since": ""},
        {"since": "nan"},
        {"since": "NaN"},
        {"since": "inf"},
        {"since": "-Infinity"},
        {"since": "1e999"},
        {"since": "yesterday"},
        {"since": "0x10"},
        {"since": "9" * 400},
    ],
)
def test_bad_since_is_400(api, params):
    _, tt = tt_user(api)
    plain(tt.get("updates", params=params), 400, "bad request")


@pytest.mark.parametrize(
    "timerange",
    [None, "", "inf-0", "0-inf", "nan-nan", "5", "10-5", "a-b", "-1-5", "1-2-3", "1e9-2e9", "9" * 30 + "-1"],
)
def test_bad_timerange_is_400(api, timerange):
    _, tt = tt_user(api)
    params = {} if timerange is None else {"timerange": timerange}
    plain(tt.get("records", params=params), 400, "bad request")


@pytest.mark.parametrize("path", ["records", "settings"])
@pytest.mark.parametrize(
    "body",
    [b"", b"{}", b'{"key": "x"}', b"42", b'"records"', b"null", b"[", b"not json", b"\xff\xfe", b"[1e400]"],
)
def test_a_body_that_is_not_a_json_list_is_400(api, path, body):
    _, tt = tt_user(api)
    plain(api.put(f"{ROOT}/{path}", content=body, headers=tt.h), 400, "bad request")


BAD_ITEMS = [
    {"key": "k", "t1": "1700000000", "t2": T0, "mt": 1},
    {"key": "k", "t1": True, "t2": T0, "mt": 1},
    {"key": "k", "t1": T0, "t2": T0 - 1, "mt": 1},
    {"key": "k", "t1": -5, "t2": T0, "mt": 1},
    {"key": "k", "t1": T0, "t2": 2**63, "mt": 1},
    {"key": "k", "t1": T0, "t2": 5_000_000_000, "mt": 1},
    {"key": "k", "t1": T0, "t2": T0, "mt": "x"},
    {"key": "k", "t1": T0, "t2": T0, "mt": None},
    {"key": "k", "t1": T0, "t2": T0, "ds": "x" * 5000, "mt": 1},
    {"key": "k", "t1": T0, "t2": T0, "ds": "nul\x00", "mt": 1},
    {"key": "k", "t1": T0, "t2": T0, "ds": ["list"], "mt": 1},
    {"key": "k" * 65, "t1": T0, "t2": T0, "mt": 1},
    {"key": "", "t1": T0, "t2": T0, "mt": 1},
    {"key": "nul\x00", "t1": T0, "t2": T0, "mt": 1},
    {"key": ["k"], "t1": T0, "t2": T0, "mt": 1},
    {"key": "k"},
    [],
    None,
    "k",
]


@pytest.mark.parametrize("item", BAD_ITEMS)
def test_each_bad_record_fails_alone(api, item):
    _, tt = tt_user(api)
    result = tt.push(item, record("good"))
    assert result["accepted"] == ["good"]
    assert len(result["errors"]) == 1
    assert [r["key"] for r in tt.records()] == ["good"]


def test_bad_settings_fail_alone(api):
    _, tt = tt_user(api)
    items = [
        {"key": "ok", "value": 1, "mt": 1},
        {"key": "x" * 65, "value": 1, "mt": 1},
        {"key": "big", "value": ["y" * 9000], "mt": 1},
        {"key": "nomt", "value": 1},
        {"key": "boolmt", "value": 1, "mt": True},
        {"key": "nul\x00", "value": 1, "mt": 1},
        "not a dict",
    ]
    result = tt.put("settings", items).json()
    assert result["accepted"] == ["ok"]
    assert len(result["errors"]) == 6


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "records"),
        ("DELETE", "records"),
        ("PUT", "updates"),
        ("POST", "version"),
        ("GET", "forcereset"),
        ("POST", "settings"),
        ("PUT", "webtoken"),
        ("DELETE", "apitoken"),
    ],
)
def test_wrong_methods_are_405_in_text(api, method, path):
    _, tt = tt_user(api)
    plain(api.client.request(method, f"{ROOT}/{path}", headers=tt.h), 405, "method not allowed")


def test_the_root_answers_in_text(api):
    res = api.get(f"{ROOT}/")
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("text/plain")
    plain(api.post(f"{ROOT}/"), 405, "method not allowed")


@pytest.mark.parametrize("path", ["nope", "records/extra", "v1/records", "updates/"])
def test_unknown_paths_are_404_in_text(api, path):
    plain(api.get(f"{ROOT}/{path}"), 404, "not found")


def test_the_rest_api_keeps_its_json_errors(api):
    res = api.get("/api/v1/time-entries")
    assert res.status_code == 401
    assert res.json()["code"]


def test_too_many_items_is_413(api):
    _, tt = tt_user(api)
    res = tt.put("records", [record(f"k{i}") for i in range(MAX_ITEMS + 1)])
    plain(res, 413, "payload too large")
    assert str(MAX_ITEMS) in res.text
    assert tt.records() == []


def test_the_sync_api_has_its_own_body_limit(settings, db, api):
    user, _ = tt_user(api)
    app = build_app(settings, db, max_body_bytes=4096, sync_max_body_bytes=200_000)
    client = client_at(app, "127.0.0.1")
    body = bootstrap_body(username=user.username, password="password123")
    token = client.post(f"{ROOT}/bootstrap_authentication", content=body).json()["token"]
    h = {"authtoken": token}
    batch = orjson.dumps([record(f"k{i:03d}", ds="x" * 100) for i in range(500)])
    assert 4096 < len(batch) < 200_000
    assert client.put(f"{ROOT}/records", content=batch, headers=h).status_code == 200  # over the REST limit
    too_big = orjson.dumps([record(f"k{i:04d}", ds="x" * 400) for i in range(500)])
    res = client.put(f"{ROOT}/records", content=too_big, headers=h)
    assert res.status_code == 413
    assert "200000" in res.text
    assert client.post("/api/v1/time-entries", content=batch, headers=h).status_code == 413
