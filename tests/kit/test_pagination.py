"""Page/per_page arithmetic and the pagination object of seed 003."""

from __future__ import annotations

import pytest

from punchclock.kit.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, Page, PaginationRead, pagination


def test_defaults():
    assert Page() == Page(1, DEFAULT_PER_PAGE)
    assert (DEFAULT_PER_PAGE, MAX_PER_PAGE) == (50, 100)


@pytest.mark.parametrize(
    ("page", "per_page", "offset"),
    [(1, 50, 0), (2, 50, 50), (3, 20, 40), (1, 1, 0), (1_000_000, 100, 99_999_900)],
)
def test_offset(page, per_page, offset):
    assert Page(page, per_page).offset == offset


@pytest.mark.parametrize(
    ("page", "per_page", "total", "pages", "next_page", "prev_page"),
    [
        (1, 50, 0, 0, None, None),
        (1, 50, 1, 1, None, None),
        (1, 50, 50, 1, None, None),
        (1, 50, 51, 2, 2, None),
        (2, 50, 51, 2, None, 1),
        (2, 20, 100, 5, 3, 1),
        (5, 20, 100, 5, None, 4),
        (3, 100, 250, 3, None, 2),
        (1, 1, 3, 3, 2, None),
        # A page beyond the end: nothing next, and the previous page is simply page - 1.
        (7, 20, 100, 5, None, 6),
        (2, 50, 0, 0, None, 1),
    ],
)
def test_pagination(page, per_page, total, pages, next_page, prev_page):
    assert pagination(Page(page, per_page), total) == {
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "has_next": next_page is not None,
        "has_prev": prev_page is not None,
        "next_page": next_page,
        "prev_page": prev_page,
    }


def test_the_object_matches_its_schema():
    result = pagination(Page(2, 10), 35)
    assert set(result) == set(PaginationRead.model_fields)
    assert PaginationRead(**result).model_dump() == result
