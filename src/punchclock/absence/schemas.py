from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from punchclock.kit.types import Color, Flag, Id, Input, IsoDate, NoNul

TypeName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NoNul]
TypeCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9_-]{1,40}$")]
Effect = Literal["worked", "excused", "balance"]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), NoNul] | None


class AbsenceTypeCreate(Input):
    name: TypeName
    code: TypeCode
    effect: Effect = Field(description="worked: the day counts as worked; excused: its target goes; "
                           "balance: the target stays (overtime reduction)")  # fmt: skip
    uses_allowance: Flag = False
    needs_approval: Flag = True
    color: Color = "#616161"
    enabled: Flag = True


class AbsenceTypeUpdate(Input):
    name: TypeName | None = None
    code: TypeCode | None = None
    effect: Effect | None = None
    uses_allowance: Flag | None = None
    needs_approval: Flag | None = None
    color: Color | None = None
    enabled: Flag | None = None


class AbsenceTypeRead(BaseModel):
    id: int
    name: str
    code: str
    effect: str
    uses_allowance: bool
    needs_approval: bool
    color: str
    enabled: bool
    created_at: str | None
    updated_at: str | None


class AbsenceTypeList(BaseModel):
    absence_types: list[AbsenceTypeRead]


class AbsenceTypeMessage(BaseModel):
    message: str
    absence_type: AbsenceTypeRead


class AbsenceCreate(Input):
    type_id: Id
    start_date: IsoDate
    end_date: IsoDate
    start_half: Flag = Field(False, description="The first day is a half day")
    end_half: Flag = Field(False, description="The last day is a half day")
    comment: Comment = None
    submit: Flag = Field(True, description="Submit at once (false: keep a draft)")
    user_id: Id | None = Field(
        None, description="Whose (managers and admins: someone they see; approved at once)"
    )


class AbsenceUpdate(Input):
    type_id: Id | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    start_half: Flag | None = None
    end_half: Flag | None = None
    comment: Comment = None


class AbsenceDecision(Input):
    comment: Comment = None


class AbsenceRead(BaseModel):
    id: int
    user_id: int
    username: str | None
    type_id: int
    type: str
    type_name: str
    effect: str
    color: str
    start_date: str
    end_date: str
    start_half: bool
    end_half: bool
    days: float
    status: str
    comment: str | None
    review_comment: str | None
    submitted_at: str | None
    decided_at: str | None
    decided_by: int | None
    created_by: int | None
    created_at: str | None
    updated_at: str | None


class AbsenceList(BaseModel):
    absences: list[AbsenceRead]


class AbsenceMessage(BaseModel):
    message: str
    absence: AbsenceRead


class CalendarRead(BaseModel):
    users: list[dict[str, Any]]
    absences: list[dict[str, Any]]
    holidays: dict[str, list[dict[str, Any]]]
