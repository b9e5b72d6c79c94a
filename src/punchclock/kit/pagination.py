"""Page/per_page arithmetic and the pagination object of seed 003."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000


@dataclass(frozen=True, slots=True)
class Page:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def pagination(page: Page, total: int) -> dict[str, Any]:
    pages = (total + page.per_page - 1) // page.per_page if total else 0
    has_next = page.page < pages
    has_prev = page.page > 1
    return {
        "page": page.page,
        "per_page": page.per_page,
        "total": total,
        "pages": pages,
        "has_next": has_next,
        "has_prev": has_prev,
        "next_page": page.page + 1 if has_next else None,
        "prev_page": page.page - 1 if has_prev else None,
    }


class PaginationRead(BaseModel):
    page: int
    per_page: int
    total: int
    pages: int
    has_next: bool
    has_prev: bool
    next_page: int | None
    prev_page: int | None
