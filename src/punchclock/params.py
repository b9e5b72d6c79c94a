"""Query parameters shared by list endpoints (FastAPI layer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query

from punchclock.auth.scopes import Principal
from punchclock.errors import ValidationFailed
from punchclock.kit.pagination import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, Page
from punchclock.kit.timeutil import TimeParseError, get_zone, parse_instant, parse_range_end
from punchclock.kit.types import Text

F = TypeVar("F", bound=Callable[..., Any])


async def _page(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number (from 1)")] = 1,
    per_page: Annotated[
        int, Query(ge=1, description=f"Items per page (max {MAX_PER_PAGE}; more counts as {MAX_PER_PAGE})")
    ] = DEFAULT_PER_PAGE,
) -> Page:
    # Seed 003 caps per_page at 100 and TimeTracker clamps a larger one rather than refusing it;
    # the pagination object then reports the per_page actually used.
    return Page(page, min(per_page, MAX_PER_PAGE))


PageDep = Annotated[Page, Depends(_page)]


DateQuery = Annotated[
    Text | None,
    Query(max_length=40, description="ISO 8601 date or date-time; a bare end date includes that day"),
]


def date_range(
    principal: Principal,
    start_date: str | None,
    end_date: str | None,
    names: tuple[str, str] = ("start_date", "end_date"),
) -> tuple[int | None, int | None]:
    """Parse a start/end filter pair in the principal's time zone (400 on bad or reversed input);
    ``names`` are the parameters' names, for the messages."""
    try:
        zone = get_zone(principal.timezone)
    except TimeParseError:
        zone = get_zone("UTC")
    try:
        start = parse_instant(start_date, zone) if start_date else None
        end = parse_range_end(end_date, zone) if end_date else None
    except TimeParseError as exc:
        raise ValidationFailed(str(exc)) from exc
    # Ranges are half-open, so an empty one is reversed too: start_date=2024-01-16&end_date=2024-01-15
    # gives end == start, as a bare end date reaches to the next midnight.
    if start is not None and end is not None and end <= start:
        raise ValidationFailed(f"{names[1]} must be after {names[0]}", code="end_before_start")
    return start, end


def put_and_patch(router: APIRouter, path: str, **kwargs: Any) -> Callable[[F], F]:
    """Register one handler for PUT and PATCH (both partial updates), each with its own operation id."""

    def register(fn: F) -> F:
        router.add_api_route(path, fn, methods=["PUT"], **kwargs)
        router.add_api_route(path, fn, methods=["PATCH"], name=f"{fn.__name__}_patch", **kwargs)
        return fn

    return register
