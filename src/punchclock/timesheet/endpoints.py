"""The weekly timesheet's cells, typed in as hours: PUT sets a cell, POST .../undo reverses that.
The grid itself is read from GET /reports/timesheet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.responses import JSONResp
from punchclock.timesheet import service
from punchclock.timesheet.schemas import CellMessage, CellUndo, CellUpdate, UndoMessage

router = APIRouter(prefix="/timesheet", tags=["timesheet"])

Writer = Annotated[Principal, require("write:time_entries")]


@router.put("/cells", response_model=CellMessage)
async def set_cell(request: Request, principal: Writer, body: CellUpdate) -> JSONResp:
    """Set a timesheet cell (a project and task on one day) to a worked time, in one transaction.

    Growing extends the cell's latest entry or adds one where the day is free (after the day's
    last entry, or from 09:00 on an empty day); shrinking shortens or removes the cell's latest
    entries. Never past now (400 end_in_future), never over other entries (409 no_room).
    """
    result = await request.app.state.db.write(service.set_cell, principal, body.model_dump())
    return JSONResp(result)


@router.post("/cells/undo", response_model=UndoMessage)
async def undo_cell(request: Request, principal: Writer, body: CellUndo) -> JSONResp:
    """Reverse a timesheet cell change with the steps it answered (409 entry_changed if its entries
    changed since); removed entries come back with their ids."""
    steps = [s.model_dump() for s in body.steps]
    return JSONResp(await request.app.state.db.write(service.undo, principal, steps))
