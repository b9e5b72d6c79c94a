"""``/api/v1/teams``: admins make teams and name their leads; anyone lists the teams they are in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.kit.pagination import pagination
from punchclock.params import PageDep
from punchclock.responses import JSONResp
from punchclock.team import service
from punchclock.team.schemas import MemberPut, TeamCreate, TeamEnvelope, TeamList, TeamMessage, TeamUpdate

router = APIRouter(prefix="/teams", tags=["teams"])

Reader = Annotated[Principal, require("read:users")]
Admin = Annotated[Principal, require("admin:all")]
TeamId = Annotated[int, Path(ge=1, le=2**31 - 1)]
UserId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=TeamList)
async def list_teams(request: Request, principal: Reader, page: PageDep) -> JSONResp:
    """List teams by name: every team for admins, the teams one is in for anyone else."""
    items, total = await request.app.state.db.read(service.list_dicts, principal, page)
    return JSONResp({"teams": items, "pagination": pagination(page, total)})


@router.get("/{team_id}", response_model=TeamEnvelope)
async def get_team(request: Request, principal: Reader, team_id: TeamId) -> JSONResp:
    """Get a team (admins any; anyone else a team they are in)."""
    return JSONResp({"team": await request.app.state.db.read(service.get_dict, principal, team_id)})


@router.post("", status_code=201, response_model=TeamMessage)
async def create_team(request: Request, principal: Admin, body: TeamCreate) -> JSONResp:
    """Create a team (admins). The first team narrows what managers see to their teams' members."""
    team = await request.app.state.db.write(service.create, body.name, principal.user_id, body.overlap_rule)
    return JSONResp({"message": "Team created", "team": team}, status_code=201)


@router.patch("/{team_id}", response_model=TeamMessage)
async def update_team(request: Request, principal: Admin, team_id: TeamId, body: TeamUpdate) -> JSONResp:
    """Rename a team or set its overlap rule (admins)."""
    changes = body.model_dump(exclude_unset=True)
    team = await request.app.state.db.write(service.update, team_id, changes, principal.user_id)
    return JSONResp({"message": "Team updated", "team": team})


@router.delete("/{team_id}")
async def delete_team(request: Request, principal: Admin, team_id: TeamId) -> JSONResp:
    """Delete a team (admins); its members' accounts and time stay."""
    await request.app.state.db.write(service.delete, team_id, principal.user_id)
    return JSONResp({"message": "Team deleted"})


@router.put("/{team_id}/members/{user_id}", response_model=TeamMessage)
async def put_member(
    request: Request, principal: Admin, team_id: TeamId, user_id: UserId, body: MemberPut | None = None
) -> JSONResp:
    """Add a user to a team, or change whether they lead it (admins; leads are managers or admins)."""
    is_lead = body.is_lead if body else False
    team = await request.app.state.db.write(service.put_member, team_id, user_id, is_lead, principal.user_id)
    return JSONResp({"message": "Team member saved", "team": team})


@router.delete("/{team_id}/members/{user_id}", response_model=TeamMessage)
async def remove_member(request: Request, principal: Admin, team_id: TeamId, user_id: UserId) -> JSONResp:
    """Take a user out of a team (admins)."""
    team = await request.app.state.db.write(service.remove_member, team_id, user_id, principal.user_id)
    return JSONResp({"message": "Team member removed", "team": team})
