from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response
from starlette.types import Scope

from punchclock import lean
from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.db import Database
from punchclock.entry import service
from punchclock.entry.repository import EntryFilter
from punchclock.entry.schemas import EntryCreate, EntryEnvelope, EntryList, EntryMessage, EntryUpdate
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.pagination import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, Page, pagination
from punchclock.kit.types import Text
from punchclock.params import DateQuery, PageDep, date_range, put_and_patch
from punchclock.responses import JSONResp
from punchclock.search import service as search_service

router = APIRouter(prefix="/time-entries", tags=["time entries"])

READ = "read:time_entries"
MAX_ID = 2**31 - 1
Reader = Annotated[Principal, require(READ)]
Writer = Annotated[Principal, require("write:time_entries")]
EntryId = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
SearchQuery = Annotated[
    Text | None,
    Query(
        max_length=search_service.MAX_TEXT,
        description="Only entries whose notes, tags, project or task name contain this text (3 or more "
        "characters, any case), newest first; at most the newest 1,000 matches are reached, and "
        "total_exact says whether pagination.total counts them all (see punchclock.search)",
    ),
]


@router.get("", response_model=EntryList)
async def list_entries(
    request: Request,
    principal: Reader,
    page: PageDep,
    project_id: IdQuery = None,
    task_id: IdQuery = None,
    user_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Managers and admins")] = None,
    start_date: DateQuery = None,
    end_date: DateQuery = None,
    billable: bool | None = None,
    include_active: bool = False,
    search: SearchQuery = None,
) -> JSONResp:
    """List time entries, newest first. Members see their own; managers and admins everyone's."""
    start, end = date_range(principal, start_date, end_date)
    f = EntryFilter(_one(user_id), project_id, task_id, start, end, billable, include_active)
    if search and search.strip():  # blank: no search, as an empty filter
        run = search_service.search_entries
        return JSONResp(await request.app.state.db.read(run, principal, search, page, **asdict(f)))
    return await _list(request.app.state.db, principal, f, page)


def _one(user_id: int | None) -> tuple[int, ...] | None:
    return None if user_id is None else (user_id,)


async def _list(db: Database, principal: Principal, f: EntryFilter, page: Page) -> JSONResp:
    items, total = await db.read_hot(service.list_entries, principal, f, page)
    return JSONResp({"time_entries": items, "pagination": pagination(page, total)})


# The list_entries parameters in the simple forms the lean route takes (punchclock.lean).
_LIST_QUERY: dict[str, lean.Parser] = {
    "page": lean.int_param(1, MAX_PAGE),
    "per_page": lean.int_param(1, MAX_PER_PAGE),
    "project_id": lean.int_param(1, MAX_ID),
    "task_id": lean.int_param(1, MAX_ID),
    "user_id": lean.int_param(1, MAX_ID),
    "start_date": lean.text_param(40),
    "end_date": lean.text_param(40),
    "billable": lean.bool_param,
    "include_active": lean.bool_param,
}


async def lean_list(scope: Scope, body: bytes = b"") -> Response | None:
    """GET /time-entries (the week view's request) without FastAPI's dependency solving."""
    q = lean.query(scope, _LIST_QUERY)
    if q is None:
        return None
    principal = await lean.principal(scope, READ)
    if principal is None:
        return None
    get = q.get
    start, end = date_range(principal, get("start_date"), get("end_date"))
    f = EntryFilter(
        _one(get("user_id")), get("project_id"), get("task_id"), start, end, get("billable"),
        get("include_active", False),
    )  # fmt: skip
    page = Page(get("page", 1), get("per_page", DEFAULT_PER_PAGE))
    return await _list(scope["app"].state.db, principal, f, page)


@router.get("/{entry_id}", response_model=EntryEnvelope)
async def get_entry(request: Request, principal: Reader, entry_id: EntryId) -> JSONResp:
    """Get one time entry."""
    entry = await request.app.state.db.read(service.get_dict, principal, entry_id)
    return JSONResp({"time_entry": entry})


@router.post("", status_code=201, response_model=EntryMessage)
async def create_entry(
    request: Request, principal: Writer, body: EntryCreate, _key: IdemKey = None
) -> Response:
    """Create a time entry; without end_time it becomes the running timer (409 if one runs)."""
    data = body.model_dump()

    def work(session: Session) -> dict[str, Any]:
        return {
            "message": "Time entry created successfully",
            "time_entry": service.create(session, principal, data),
        }

    return await idempotent(request, principal, 201, work)


@put_and_patch(router, "/{entry_id}", response_model=EntryMessage)
async def update_entry(request: Request, principal: Writer, entry_id: EntryId, body: EntryUpdate) -> JSONResp:
    """Update a time entry; only the fields sent change."""
    entry = await request.app.state.db.write(
        service.update, principal, entry_id, body.model_dump(exclude_unset=True)
    )
    return JSONResp({"message": "Time entry updated successfully", "time_entry": entry})


@router.delete("/{entry_id}")
async def delete_entry(request: Request, principal: Writer, entry_id: EntryId) -> JSONResp:
    """Delete a time entry (it can be restored)."""
    await request.app.state.db.write(service.delete, principal, entry_id)
    return JSONResp({"message": "Time entry deleted successfully"})


@router.post(
    "/{entry_id}/restore",
    response_model=EntryMessage,
    responses={409: {"description": "The entry is not deleted (code not_deleted)"}},
)
async def restore_entry(
    request: Request, principal: Writer, entry_id: EntryId, _key: IdemKey = None
) -> Response:
    """Restore a deleted time entry: the same entry, id and all, comes back."""

    def work(session: Session) -> dict[str, Any]:
        return {
            "message": "Time entry restored successfully",
            "time_entry": service.restore(session, principal, entry_id),
        }

    return await idempotent(request, principal, 200, work)
