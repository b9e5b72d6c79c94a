"""Reusable Pydantic field types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it everywhere so both backends answer alike (400).
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


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
# Strict: JSON true, 1.0 or "1" is not an id.
Id = Annotated[int, Field(strict=True, ge=1, le=2**31 - 1)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


def money(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
