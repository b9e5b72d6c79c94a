"""Reusable Pydantic field types."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

NUL_MESSAGE = "text may not contain NUL characters"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it everywhere so both backends answer alike (400).
    if "\x00" in value:
        raise ValueError(NUL_MESSAGE)
    return value


def has_nul(value: Any) -> bool:
    """Whether a string, or any key or string inside a JSON-like list or dict, holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class Input(BaseModel):
    """The base of every request body: unknown fields are refused, and so is NUL in any text.

    Checking the raw value of every field here covers fields typed ``str``, lists and free JSON
    (settings values) alike, including fields added later, without each schema remembering to.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value


def _date_text(value: Any) -> Any:
    # Pydantic reads 0 or "0" as 1970-01-01 (Unix seconds) and "2024-01-01T00:00" as a date.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        return value
    raise ValueError("must be a date as YYYY-MM-DD")


# Constraints run before the NUL check, so stripping and length limits still apply.
NoNul = AfterValidator(_no_nul)
Text = Annotated[str, NoNul]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NoNul]
ShortText = Annotated[str, StringConstraints(max_length=200), NoNul]
LongText = Annotated[str, StringConstraints(max_length=10_000), NoNul]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^$|^[^@\s]+@[^@\s]+$"), NoNul
]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64), NoNul]
Money = Annotated[Decimal, Field(ge=0, le=1_000_000, max_digits=12, decimal_places=2)]
Hours = Annotated[float, Field(strict=True, ge=0, le=1_000_000)]
# Strict: 0, 1, "true" or "yes" is not a JSON boolean.
Flag = Annotated[bool, Field(strict=True)]
_ID_TEXT = re.compile(r"[1-9][0-9]{0,9}")


def _id_text(value: Any) -> Any:
    # TimeTracker's clients send ids as JSON strings too ("project_id": "1"), which TimeTracker
    # accepts; a string of digits is read as that number. Anything else stays for the strict check.
    if isinstance(value, str) and _ID_TEXT.fullmatch(value):
        return int(value)
    return value


# Strict: JSON true, 1.0, "1.0" or " 1" is not an id; an integer or a string of its digits is.
Id = Annotated[int, BeforeValidator(_id_text), Field(strict=True, ge=1, le=2**31 - 1)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
IsoDate = Annotated[date, BeforeValidator(_date_text)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**kwargs: Any) -> Any:
    """The default of an update field that may be left out but not sent as null: None stands for
    "not given" (updates are applied with exclude_unset) and is kept out of the JSON schema."""
    return Field(None, json_schema_extra=_no_default, **kwargs)


def money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
