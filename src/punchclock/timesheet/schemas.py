from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from punchclock.entry.schemas import EntryRead, IsoTime
from punchclock.kit.types import Id, Input, IsoDate
from punchclock.timesheet.service import MAX_UNDO_STEPS

MAX_SECONDS = 25 * 3600  # the longest local day (a DST change)

Seconds = Annotated[
    int, Field(strict=True, ge=0, le=MAX_SECONDS, description="The cell's worked time; 0 clears it")
]


class CellUpdate(Input):
    date: IsoDate = Field(description="The day, in the caller's time zone")
    project_id: Id | None = Field(None, description="None: the row of time on no project")
    task_id: Id | None = Field(None, description="None: the project's time on no task")
    seconds: Seconds
    user_id: Id | None = Field(None, description="Managers and admins may set another user's cell")


class UndoStep(Input):
    id: Id
    action: Literal["delete", "restore", "revert"]
    version: float = Field(description="The entry's version after the change, as the change answered it")
    start_time: IsoTime | None = None
    end_time: IsoTime | None = None


class CellUndo(Input):
    steps: list[UndoStep] = Field(min_length=1, max_length=MAX_UNDO_STEPS)


class CellRead(BaseModel):
    date: str
    user_id: int
    project_id: int | None
    task_id: int | None
    seconds: int
    previous_seconds: int


class UndoRead(BaseModel):
    steps: list[UndoStep]


class CellMessage(BaseModel):
    message: str
    cell: CellRead
    created: list[EntryRead]
    updated: list[EntryRead]
    deleted: list[int]
    undo: UndoRead | None = Field(description="POST this to /timesheet/cells/undo to reverse the change")


class UndoMessage(BaseModel):
    message: str
    restored: list[EntryRead]
    updated: list[EntryRead]
    deleted: list[int]
