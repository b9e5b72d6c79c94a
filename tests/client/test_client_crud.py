"""Clients CRUD and the status filter, in seed 003's shapes."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/clients"
FIELDS = {
    "id",
    "name",
    "email",
    "company",
    "phone",
    "address",
    "default_hourly_rate",
    "status",
    "created_at",
    "updated_at",
}


def make(api, h, name="Acme", **body):
    res = api.post(URL, json={"name": name, **body}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["client"]


def make_project(api, h, client_id, name="Website"):
    res = api.post("/api/v1/projects", json={"name": name, "client_id": client_id}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["project"]


def names(res):
    assert res.status_code == 200, res.text
    return [c["name"] for c in res.json()["clients"]]


def test_create_answers_201_with_message_and_every_field(api, h):
    body = {
        "name": " Acme ",
        "email": "contact@acme.com",
        "company": "Acme Corporation",
        "phone": "+1-555-0123",
        "address": "1 Road Runner Way",
        "default_hourly_rate": 80.25,
    }
    res = api.post(URL, json=body, headers=h)
    assert res.status_code == 201, res.text
    assert res.json()["message"] == "Client created successfully"
    client = res.json()["client"]
    assert set(client) == FIELDS
    assert {k: v for k, v in client.items() if k not in ("id", "created_at", "updated_at")} == {
        **body,
        "name": "Acme",
        "status": "active",
    }


def test_create_with_only_a_name_leaves_the_rest_empty(api, h):
    client = make(api, h)
    assert [client[k] for k in ("email", "company", "phone", "address", "default_hourly_rate")] == [None] * 5
    assert client["status"] == "active"


def test_get_one_is_wrapped_in_client(api, h):
    created = make(api, h, email="a@b.c")
    res = api.get(f"{URL}/{created['id']}", headers=h)
    assert res.status_code == 200
    assert res.json() == {"client": created}


def test_get_unknown_client_is_404(api, h):
    assert_error(api.get(f"{URL}/999", headers=h), 404, "not_found")


def test_list_envelope_is_ordered_by_name_and_paginated(api, h):
    for name in ("Initech", "Acme", "Globex"):
        make(api, h, name)
    res = api.get(URL, headers=h)
    assert set(res.json()) == {"clients", "pagination"}
    assert names(res) == ["Acme", "Globex", "Initech"]
    assert res.json()["pagination"]["total"] == 3
    page = api.get(URL, params={"per_page": 1, "page": 3}, headers=h)
    assert names(page) == ["Initech"]
    assert page.json()["pagination"]["pages"] == 3
    assert page.json()["pagination"]["has_next"] is False


def test_filter_by_status(api, h):
    make(api, h, "Acme")
    make(api, h, "Globex", status="archived")
    assert names(api.get(URL, params={"status": "archived"}, headers=h)) == ["Globex"]
    assert names(api.get(URL, params={"status": "active"}, headers=h)) == ["Acme"]
    assert names(api.get(URL, headers=h)) == ["Acme", "Globex"]


def test_unknown_status_filter_is_400(api, h):
    assert_error(api.get(URL, params={"status": "gone"}, headers=h), 400, "validation_error")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(api, h, method):
    created = make(api, h, email="old@acme.com", phone="123")
    res = getattr(api, method)(f"{URL}/{created['id']}", json={"phone": "456"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["message"] == "Client updated successfully"
    client = res.json()["client"]
    assert (client["name"], client["email"], client["phone"]) == ("Acme", "old@acme.com", "456")
    assert api.get(f"{URL}/{created['id']}", headers=h).json()["client"] == client


def test_update_can_archive_and_clear_fields(api, h):
    created = make(api, h, email="old@acme.com", default_hourly_rate=50)
    res = api.patch(
        f"{URL}/{created['id']}",
        json={"status": "archived", "email": None, "default_hourly_rate": None},
        headers=h,
    )
    assert res.status_code == 200, res.text
    client = res.json()["client"]
    assert (client["status"], client["email"], client["default_hourly_rate"]) == ("archived", None, None)


def test_renaming_to_its_own_name_is_fine(api, h):
    created = make(api, h)
    res = api.put(f"{URL}/{created['id']}", json={"name": "Acme", "phone": "1"}, headers=h)
    assert res.status_code == 200, res.text


def test_update_unknown_client_is_404(api, h):
    assert_error(api.put(f"{URL}/999", json={"phone": "1"}, headers=h), 404, "not_found")


def test_delete_a_client_without_projects(api, h, db):
    created = make(api, h)
    keep = make(api, h, "Globex")
    res = api.delete(f"{URL}/{created['id']}", headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["message"] == "Client deleted successfully"
    assert_error(api.get(f"{URL}/{created['id']}", headers=h), 404)
    assert [row[0] for row in snapshot(db)["clients"]] == [keep["id"]]


@pytest.mark.parametrize("status", ["active", "archived"])
def test_delete_a_client_with_projects_is_409_and_keeps_everything(api, h, db, status):
    created = make(api, h)
    project = make_project(api, h, created["id"])
    api.patch(f"/api/v1/projects/{project['id']}", json={"status": status}, headers=h)
    before = snapshot(db)
    assert_error(api.delete(f"{URL}/{created['id']}", headers=h), 409, "client_in_use")
    assert snapshot(db) == before
    assert api.get(f"{URL}/{created['id']}", headers=h).status_code == 200


def test_delete_works_once_the_projects_moved_away(api, h):
    acme, globex = make(api, h, "Acme"), make(api, h, "Globex")
    project = make_project(api, h, acme["id"])
    assert api.delete(f"{URL}/{acme['id']}", headers=h).status_code == 409
    moved = api.patch(f"/api/v1/projects/{project['id']}", json={"client_id": globex["id"]}, headers=h)
    assert moved.json()["project"]["client"] == "Globex"
    assert api.delete(f"{URL}/{acme['id']}", headers=h).status_code == 200


def test_delete_unknown_client_is_404(api, h):
    assert_error(api.delete(f"{URL}/999", headers=h), 404, "not_found")
