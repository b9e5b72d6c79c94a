"""Projects CRUD and filters, in seed 003's shapes."""

from __future__ import annotations

import pytest

from tests.checks import assert_error, snapshot

URL = "/api/v1/projects"
FIELDS = {
    "id",
    "name",
    "description",
    "client_id",
    "client",
    "is_private",
    "hourly_rate",
    "estimated_hours",
    "status",
    "billable",
    "tag",
    "color",
    "created_at",
    "updated_at",
}


def make(api, h, name="Website", **body):
    res = api.post(URL, json={"name": name, **body}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["project"]


def make_client(api, h, name="Acme"):
    res = api.post("/api/v1/clients", json={"name": name}, headers=h)
    assert res.status_code == 201, res.text
    return res.json()["client"]["id"]


def names(res):
    assert res.status_code == 200, res.text
    return [p["name"] for p in res.json()["projects"]]


def test_create_answers_201_with_message_and_every_field(api, h):
    client_id = make_client(api, h)
    body = {
        "name": "  Website  ",
        "description": "Redesign",
        "client_id": client_id,
        "hourly_rate": 75.5,
        "estimated_hours": 120,
        "status": "on_hold",
        "billable": False,
        "tag": "#Web",
        "color": "#1a2B3c",
    }
    res = api.post(URL, json=body, headers=h)
    assert res.status_code == 201, res.text
    assert res.json()["message"] == "Project created successfully"
    project = res.json()["project"]
    assert set(project) == FIELDS
    assert {k: v for k, v in project.items() if k not in ("id", "created_at", "updated_at")} == {
        "name": "Website",
        "description": "Redesign",
        "client_id": client_id,
        "client": "Acme",
        "hourly_rate": 75.5,
        "estimated_hours": 120.0,
        "status": "on_hold",
        "billable": False,
        "tag": "web",
        "color": "#1a2B3c",
        "is_private": False,
    }


def test_create_with_only_a_name_uses_the_defaults(api, h):
    project = make(api, h)
    assert project["description"] == ""
    assert [project[k] for k in ("client_id", "client", "hourly_rate", "estimated_hours")] == [None] * 4
    assert (project["status"], project["billable"], project["tag"], project["color"]) == (
        "active",
        True,
        None,
        None,
    )


def test_get_one_is_wrapped_in_project(api, h):
    created = make(api, h, hourly_rate=60)
    res = api.get(f"{URL}/{created['id']}", headers=h)
    assert res.status_code == 200
    assert res.json() == {"project": created}


def test_get_unknown_project_is_404(api, h):
    assert_error(api.get(f"{URL}/999", headers=h), 404, "not_found")


def test_list_envelope_is_ordered_by_name_and_paginated(api, h):
    for name in ("Charlie", "Alpha", "Bravo"):
        make(api, h, name)
    res = api.get(URL, headers=h)
    assert set(res.json()) == {"projects", "pagination"}
    assert names(res) == ["Alpha", "Bravo", "Charlie"]
    assert res.json()["pagination"] == {
        "page": 1,
        "per_page": 50,
        "total": 3,
        "pages": 1,
        "has_next": False,
        "has_prev": False,
        "next_page": None,
        "prev_page": None,
    }
    second = api.get(URL, params={"page": 2, "per_page": 2}, headers=h)
    assert names(second) == ["Charlie"]
    pagination = second.json()["pagination"]
    assert (pagination["pages"], pagination["has_prev"], pagination["prev_page"]) == (2, True, 1)
    assert (pagination["has_next"], pagination["next_page"]) == (False, None)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(api, h, method):
    created = make(api, h, description="Old", hourly_rate=50, color="#000000")
    res = getattr(api, method)(f"{URL}/{created['id']}", json={"name": "Renamed"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["message"] == "Project updated successfully"
    updated = res.json()["project"]
    assert updated["name"] == "Renamed"
    assert (updated["description"], updated["hourly_rate"], updated["color"]) == ("Old", 50.0, "#000000")
    assert api.get(f"{URL}/{created['id']}", headers=h).json()["project"] == updated


def test_patch_null_clears_optional_fields_and_detaches_the_client(api, h):
    created = make(api, h, client_id=make_client(api, h), hourly_rate=50, tag="web")
    res = api.patch(
        f"{URL}/{created['id']}", json={"client_id": None, "hourly_rate": None, "tag": None}, headers=h
    )
    assert res.status_code == 200, res.text
    project = res.json()["project"]
    assert (project["client_id"], project["client"], project["hourly_rate"], project["tag"]) == (
        None,
        None,
        None,
        None,
    )


def test_patch_keeps_its_own_tag_without_conflict(api, h):
    created = make(api, h, tag="web")
    res = api.patch(f"{URL}/{created['id']}", json={"tag": "#WEB", "name": "Web 2"}, headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["project"]["tag"] == "web"


def test_update_unknown_project_is_404(api, h):
    assert_error(api.patch(f"{URL}/999", json={"name": "X"}, headers=h), 404, "not_found")


def test_delete_archives_and_the_project_stays_readable(api, h, db):
    created = make(api, h)
    res = api.delete(f"{URL}/{created['id']}", headers=h)
    assert res.status_code == 200, res.text
    assert res.json()["message"] == "Project archived successfully"
    assert len(snapshot(db)["projects"]) == 1
    again = api.get(f"{URL}/{created['id']}", headers=h)
    assert again.status_code == 200
    assert again.json()["project"]["status"] == "archived"
    assert names(api.get(URL, params={"status": "archived"}, headers=h)) == ["Website"]
    assert names(api.get(URL, params={"status": "active"}, headers=h)) == []


def test_delete_unknown_project_is_404(api, h):
    assert_error(api.delete(f"{URL}/999", headers=h), 404, "not_found")


def test_filter_by_status(api, h):
    make(api, h, "Running")
    make(api, h, "Paused", status="on_hold")
    make(api, h, "Old", status="archived")
    assert names(api.get(URL, params={"status": "on_hold"}, headers=h)) == ["Paused"]
    assert names(api.get(URL, params={"status": "active"}, headers=h)) == ["Running"]
    assert names(api.get(URL, headers=h)) == ["Running"]  # active by default, as TimeTracker
    assert names(api.get(URL, params={"status": "all"}, headers=h)) == ["Old", "Paused", "Running"]


def test_filter_by_client_and_status_together(api, h):
    acme, globex = make_client(api, h, "Acme"), make_client(api, h, "Globex")
    make(api, h, "A1", client_id=acme)
    make(api, h, "A2", client_id=acme, status="archived")
    make(api, h, "G1", client_id=globex)
    make(api, h, "Internal")
    assert names(api.get(URL, params={"client_id": acme, "status": "all"}, headers=h)) == ["A1", "A2"]
    assert names(api.get(URL, params={"client_id": acme, "status": "active"}, headers=h)) == ["A1"]
    res = api.get(URL, params={"client_id": globex}, headers=h)
    assert names(res) == ["G1"]
    assert res.json()["pagination"]["total"] == 1


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("%", ["100% done"]),
        ("_", ["snake_case"]),
        ("100%", ["100% done"]),
        ("\\", ["back\\slash"]),
        ("SNAKE", ["snakeXcase", "snake_case"]),
        ("e_c", ["snake_case"]),
    ],
)
def test_search_matches_part_of_the_name_literally(api, h, search, expected):
    for name in ("100% done", "100 percent", "snake_case", "snakeXcase", "back\\slash"):
        make(api, h, name)
    # Sorted here: the order of '_' against letters depends on the database's collation.
    assert sorted(names(api.get(URL, params={"search": search}, headers=h))) == expected


@pytest.mark.parametrize(
    "params", [{"status": "deleted"}, {"client_id": "abc"}, {"client_id": 0}, {"per_page": 0}]
)
def test_bad_list_filters_are_400(api, h, params):
    assert_error(api.get(URL, params=params, headers=h), 400, "validation_error")
