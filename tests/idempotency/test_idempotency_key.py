"""Idempotency-Key on POST /time-entries and /timer/start: a retry gets the first answer."""

from __future__ import annotations

import threading

import httpx

from tests.checks import assert_error
from tests.entry.helpers import count

ENTRIES = "/api/v1/time-entries"
BODY = {"start_time": "2026-03-02T09:00:00Z", "end_time": "2026-03-02T10:00:00Z", "notes": "once"}


def test_a_retried_create_returns_the_first_answer_and_creates_one_entry(api, db):
    h = {**api.headers(api.user()), "Idempotency-Key": "b1c0ffee-0001"}
    first = api.post(ENTRIES, json=BODY, headers=h)
    again = api.post(ENTRIES, json=BODY, headers=h)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(db) == 1


def test_the_same_key_with_another_body_is_refused(api, db):
    h = {**api.headers(api.user()), "Idempotency-Key": "k-1"}
    assert api.post(ENTRIES, json=BODY, headers=h).status_code == 201
    assert_error(api.post(ENTRIES, json={**BODY, "notes": "twice"}, headers=h), 400, "idempotency_key_reused")
    assert count(db) == 1


def test_keys_belong_to_their_user(api, db):
    for user in (api.user(), api.user()):
        res = api.post(ENTRIES, json=BODY, headers={**api.headers(user), "Idempotency-Key": "shared"})
        assert res.status_code == 201
        assert "Idempotent-Replayed" not in res.headers
    assert count(db) == 2


def test_a_retried_timer_start_is_not_a_conflict(api):
    h = {**api.headers(api.user()), "Idempotency-Key": "start-7"}
    first = api.post("/api/v1/timer/start", json={"notes": "x"}, headers=h)
    again = api.post("/api/v1/timer/start", json={"notes": "x"}, headers=h)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    # A new key is a new request: now it is a conflict.
    other = api.post("/api/v1/timer/start", json={"notes": "x"}, headers={**h, "Idempotency-Key": "start-8"})
    assert_error(other, 409, "timer_already_running")


def test_a_refused_request_is_not_remembered(api, db):
    h = {**api.headers(api.user()), "Idempotency-Key": "later-ok"}
    bad = {**BODY, "end_time": "2026-03-02T08:00:00Z"}
    assert_error(api.post(ENTRIES, json=bad, headers=h), 400)
    assert count(db) == 0


def test_bad_keys(api):
    h = api.headers(api.user())
    assert_error(api.post(ENTRIES, json=BODY, headers={**h, "Idempotency-Key": "x" * 201}), 400)
    assert_error(
        api.post(ENTRIES, json=BODY, headers={**h, "Idempotency-Key": " "}), 400, "invalid_idempotency_key"
    )


def test_concurrent_copies_of_one_request_create_one_entry(live, db):
    alice = live.user()
    headers = {**live.headers(alice), "Idempotency-Key": "race"}
    answers: list[httpx.Response] = []
    barrier = threading.Barrier(6)

    def send() -> None:
        barrier.wait()
        answers.append(httpx.post(live.base + ENTRIES, json=BODY, headers=headers, timeout=30))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {a.status_code for a in answers} == {201}, [a.text for a in answers]
    assert len({a.json()["time_entry"]["id"] for a in answers}) == 1
    assert count(db) == 1
