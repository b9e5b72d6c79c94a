from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.idempotency.deps import IdemKey, idempotent
from punchclock.kit.pagination import pagination
from punchclock.kit.types import Text
from punchclock.params import PageDep, put_and_patch
from punchclock.project import members, service
from punchclock.project.schemas import (
    MemberList,
    ProjectCreate,
    ProjectEnvelope,
    ProjectList,
    ProjectMessage,
    ProjectUpdate,
)
from punchclock.responses import JSONResp

router = APIRouter(prefix="/projects", tags=["projects"])

Reader = Annotated[Principal, require("read:projects")]
Writer = Annotated[Principal, require("write:projects")]
ProjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=ProjectList)
async def list_projects(
    request: Request,
    principal: Reader,
    page: PageDep,
    status: Annotated[
        Literal["active", "archived", "on_hold", "all"],
        Query(description="Default: active (as TimeTracker's clients expect); 'all' for every project"),
    ] = "active",
    client_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    search: Annotated[Text | None, Query(max_length=100, description="Part of the name")] = None,
) -> JSONResp:
    """List projects, ordered by name."""
    wanted = None if status == "all" else status
    items, total = await request.app.state.db.read(
        service.list_projects, page, wanted, client_id, search, principal.projects
    )
    return JSONResp({"projects": items, "pagination": pagination(page, total)})


@router.get("/{project_id}", response_model=ProjectEnvelope)
async def get_project(request: Request, principal: Reader, project_id: ProjectId) -> JSONResp:
    """Get one project."""
    project = await request.app.state.db.read(service.get_dict, project_id, principal.projects)
    return JSONResp({"project": project})


@router.post("", status_code=201, response_model=ProjectMessage)
async def create_project(
    request: Request, principal: Writer, body: ProjectCreate, _key: IdemKey = None
) -> Response:
    """Create a project."""
    data = body.model_dump()

    def work(session: Session) -> dict[str, Any]:
        project = service.create(session, data, actor_id=principal.user_id)
        return {"message": "Project created successfully", "project": project}

    return await idempotent(request, principal, 201, work)


@put_and_patch(router, "/{project_id}", response_model=ProjectMessage)
async def update_project(
    request: Request, principal: Writer, project_id: ProjectId, body: ProjectUpdate
) -> JSONResp:
    """Update a project; only the fields sent change."""
    project = await request.app.state.db.write(
        service.update, project_id, body.model_dump(exclude_unset=True), actor_id=principal.user_id
    )
    return JSONResp({"message": "Project updated successfully", "project": project})


@router.delete("/{project_id}", response_model=ProjectMessage)
async def archive_project(request: Request, principal: Writer, project_id: ProjectId) -> JSONResp:
    """Archive a project (it is kept, with its time entries)."""
    project = await request.app.state.db.write(service.archive, project_id, actor_id=principal.user_id)
    return JSONResp({"message": "Project archived successfully", "project": project})


@router.get("/{project_id}/members", response_model=MemberList)
async def list_members(request: Request, _: Writer, project_id: ProjectId) -> JSONResp:
    """List a project's members: who sees it once it is private (managers and admins see all)."""
    return JSONResp({"members": await request.app.state.db.read(members.list_members, project_id)})


@router.put("/{project_id}/members/{user_id}", response_model=MemberList)
async def add_member(request: Request, principal: Writer, project_id: ProjectId, user_id: UserId) -> JSONResp:
    """Make a user a member of a project (nothing changes if they are one)."""
    found = await request.app.state.db.write(members.add, project_id, user_id, principal.user_id)
    return JSONResp({"members": found})


@router.delete("/{project_id}/members/{user_id}", response_model=MemberList)
async def remove_member(
    request: Request, principal: Writer, project_id: ProjectId, user_id: UserId
) -> JSONResp:
    """Remove a member: a private project leaves their lists (their own entries keep its name)."""
    found = await request.app.state.db.write(members.remove, project_id, user_id, principal.user_id)
    return JSONResp({"members": found})
