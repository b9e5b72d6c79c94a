from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, Strict

from punchclock.kit.pagination import PaginationRead
from punchclock.kit.types import Hours, Id, Input, IsoDate, LongText, Name

TaskStatus = Literal["todo", "in_progress", "review", "done", "cancelled"]
# Strict: a Literal[1, 2, 3, 4] would also take JSON true (== 1) and 1.0 as a priority.
Priority = Literal["low", "medium", "high", "urgent"] | Annotated[int, Strict(), Field(ge=1, le=4)]


class TaskCreate(Input):
    """``priority`` is low/medium/high/urgent or the number 1-4 of the same level, answered as sent."""

    name: Name
    description: LongText = ""
    project_id: Id
    status: TaskStatus = "todo"
    priority: Priority = "medium"
    estimated_hours: Hours | None = None
    due_date: IsoDate | None = None


class TaskUpdate(Input):
    name: Name | None = None
    description: LongText | None = None
    project_id: Id | None = None
    status: TaskStatus | None = None
    priority: Priority | None = None
    estimated_hours: Hours | None = None
    due_date: IsoDate | None = None


class TaskRead(BaseModel):
    id: int
    name: str
    description: str
    project_id: int
    project: str | None
    status: TaskStatus
    priority: Priority
    estimated_hours: float | None
    due_date: str | None
    created_at: str
    updated_at: str


class TaskEnvelope(BaseModel):
    task: TaskRead


class TaskMessage(BaseModel):
    message: str
    task: TaskRead


class TaskList(BaseModel):
    tasks: list[TaskRead]
    pagination: PaginationRead
