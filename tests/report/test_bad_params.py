"""Report and export query parameters: id lists hold ASCII ids in range; bad input is 400, never 500."""

from __future__ import annotations

import pytest

from tests.checks import assert_error

# Superscript three (isdigit() but not int()), Arabic-Indic one (int() reads it as 1), fullwidth
# one, and an id past PostgreSQL's integer.
BAD_IDS = ["%C2%B3", "%D9%A1", "%EF%BC%91", "1,%C2%B3", "1" * 30, "2147483648", "0", "-1"]


@pytest.mark.parametrize("value", BAD_IDS)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/grouped?project_ids=",
        "/api/v1/reports/grouped?client_ids=",
        "/api/v1/reports/grouped?user_ids=",
        "/api/v1/exports/report?project_ids=",
        "/api/v1/exports/report?client_ids=",
        "/api/v1/exports/report?user_ids=",
        "/api/v1/reports/budgets?project_ids=",
    ],
)
def test_ids_that_are_not_plain_ascii_numbers_are_400(api, url, value):
    h = api.headers(api.user("admin"))
    body = assert_error(api.get(url + value, headers=h), 400, "validation_error")
    assert body["field"] == url.rsplit("?", 1)[1].rstrip("=")


def test_a_member_asking_for_budgets_is_refused_before_the_filter_is_read(api):
    h = api.headers(api.user("member"))
    assert_error(api.get("/api/v1/reports/budgets?project_ids=%C2%B3", headers=h), 403, "access_denied")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/grouped?tags=a%00b",
        "/api/v1/reports/grouped?sub_group_by=a%00b",
        "/api/v1/exports/report?tags=a%00b",
        "/api/v1/reports/timesheet?week=2024-01-0%00",
        "/api/v1/exports/time-entries?start_date=2024%00",
        "/api/v1/projects?search=a%00b",
        "/api/v1/time-entries?start_date=2024-01-01%00",
    ],
)
def test_nul_in_a_query_parameter_is_400(api, url):
    h = api.headers(api.user("admin"))
    assert_error(api.get(url, headers=h), 400, "validation_error")
