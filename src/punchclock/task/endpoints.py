from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.pagination import pagination
from punchclock.params import PageDep, put_and_patch
from punchclock.responses import JSONResp
from punchclock.task import service
from punchclock.task.schemas import TaskCreate, TaskEnvelope, TaskList, TaskMessage, TaskUpdate

router = APIRouter(prefix="/tasks", tags=["tasks"])

Reader = Annotated[Principal, require("read:tasks")]
Writer = Annotated[Principal, require("write:tasks")]
TaskId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Status = Literal["todo", "in_progress", "review", "done", "cancelled"]


@router.get("", response_model=TaskList)
async def list_tasks(
    request: Request,
    principal: Reader,
    page: PageDep,
    project_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    status: Annotated[
        Status | Literal["active", "open"] | None,
        Query(description="A task status, or 'open' / 'active': every task neither done nor cancelled"),
    ] = None,
) -> JSONResp:
    """List tasks, most urgent first."""
    items, total = await request.app.state.db.read(
        service.list_tasks, page, project_id, status, principal.projects
    )
    return JSONResp({"tasks": items, "pagination": pagination(page, total)})


@router.get("/{task_id}", response_model=TaskEnvelope)
async def get_task(request: Request, principal: Reader, task_id: TaskId) -> JSONResp:
    """Get one task."""
    return JSONResp({"task": await request.app.state.db.read(service.get_dict, task_id, principal.projects)})


@router.post("", status_code=201, response_model=TaskMessage)
async def create_task(
    request: Request, principal: Writer, body: TaskCreate, _key: IdemKey = None
) -> Response:
    """Create a task in a project."""
    data = body.model_dump()

    def work(session: Session) -> dict[str, Any]:
        task = service.create(session, data, actor_id=principal.user_id)
        return {"message": "Task created successfully", "task": task}

    return await idempotent(request, principal, 201, work)


@put_and_patch(router, "/{task_id}", response_model=TaskMessage)
async def update_task(request: Request, principal: Writer, task_id: TaskId, body: TaskUpdate) -> JSONResp:
    """Update a task; only the fields sent change."""
    task = await request.app.state.db.write(
        service.update, task_id, body.model_dump(exclude_unset=True), actor_id=principal.user_id
    )
    return JSONResp({"message": "Task updated successfully", "task": task})


@router.delete("/{task_id}")
async def delete_task(request: Request, principal: Writer, task_id: TaskId) -> JSONResp:
    """Delete a task (its time entries are kept without a task)."""
    await request.app.state.db.write(service.delete, task_id, actor_id=principal.user_id)
    return JSONResp({"message": "Task deleted successfully"})
