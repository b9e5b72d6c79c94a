"""``/api/v1/worktime/balance``, ``/days`` and ``/balances``: working-time balances."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.balance import service
from punchclock.balance.schemas import BalanceRead, BalancesRead, DaysRead
from punchclock.kit.types import IsoDate
from punchclock.responses import JSONResp

router = APIRouter(tags=["working time"])

Reader = Annotated[Principal, require("read:time_entries")]
UserQuery = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Whose (default: one's own)")]
NO_TEAM: dict[int | str, dict[str, Any]] = {404: {"description": "No such team"}}
NOT_SEEN: dict[int | str, dict[str, Any]] = {404: {"description": "No such user, or not one the caller sees"}}


@router.get("/worktime/balance", response_model=BalanceRead, responses=NOT_SEEN)
async def get_balance(
    request: Request,
    principal: Reader,
    user_id: UserQuery = None,
    as_of: Annotated[IsoDate | None, Query(alias="date", description="The day (default: today)")] = None,
) -> JSONResp:
    """A user's working-time balance: running, today, and this week, month and year."""
    whose = user_id or principal.user_id
    return JSONResp(await request.app.state.db.read(service.balance, principal, whose, as_of))


@router.get("/worktime/days", response_model=DaysRead, responses=NOT_SEEN)
async def get_days(
    request: Request,
    principal: Reader,
    start_date: Annotated[IsoDate, Query()],
    end_date: Annotated[IsoDate, Query()],
    user_id: UserQuery = None,
) -> JSONResp:
    """A user's days (at most 62): target, worked, breaks, holiday, absence, balance."""
    whose = user_id or principal.user_id
    work = (service.days, principal, whose, start_date, end_date)
    return JSONResp(await request.app.state.db.read(*work))


@router.get("/worktime/balances", response_model=BalancesRead, responses=NO_TEAM)
async def get_balances(
    request: Request,
    principal: Reader,
    year: Annotated[int | None, Query(ge=1971, le=2098)] = None,
    team_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> JSONResp:
    """Everyone's year the caller sees (a member: their own), optionally one team's."""
    chosen = year or date.today().year
    work = (service.team_balances, principal, chosen, team_id)
    return JSONResp(await request.app.state.db.read(*work))
