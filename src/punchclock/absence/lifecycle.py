"""The absence's states and what moves it between them; the day fractions an absence covers.

Notes:
An absence is a draft until its owner submits it; deciders (the sign-off's: a manager or admin who
sees the owner, never on their own) approve or reject a submitted one, and cancel an approved one.
The owner withdraws a submitted one back to a draft. Submitted and approved absences are *live*:
they are what balances and vacation count, and no two live ones of a user may share more than a
day's worth: a full day overlaps anything, two half days may share a day (morning and afternoon;
which half is not recorded).

Pure functions only: the service applies them under the owner's stamp.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

# action -> (the states it starts from, the state it leads to, who may do it)
OWNER, DECIDER = "owner", "decider"
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": (("draft",), "submitted", OWNER),
    "withdraw": (("submitted",), "draft", OWNER),
    "approve": (("submitted",), "approved", DECIDER),
    "reject": (("submitted",), "rejected", DECIDER),
    "cancel": (("approved",), "cancelled", DECIDER),
}
EDITABLE = ("draft",)  # PATCH
DELETABLE = ("draft", "submitted", "rejected", "cancelled")  # an approved one is cancelled first
# The event and audit verb of each resulting state.
VERBS = {"submitted": "submitted", "draft": "withdrawn", "approved": "approved", "rejected": "rejected",
         "cancelled": "cancelled"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Span:
    start: date
    end: date
    start_half: bool = False
    end_half: bool = False

    @classmethod
    def of(cls, row: Any) -> Span:
        return cls(row.start_date, row.end_date, row.start_half, row.end_half)

    def fraction(self, day: date) -> float:
        """How much of ``day`` the absence takes: 1, ½, or 0 outside it."""
        if day < self.start or day > self.end:
            return 0.0
        if (day == self.start and self.start_half) or (day == self.end and self.end_half):
            return 0.5
        return 1.0

    def days(self, first: date | None = None, last: date | None = None) -> Iterator[tuple[date, float]]:
        """(day, fraction) of every day of the absence, cut to ``first``..``last``."""
        day = max(self.start, first) if first else self.start
        end = min(self.end, last) if last else self.end
        while day <= end:
            yield day, self.fraction(day)
            day += timedelta(days=1)


def clash(span: Span, others: Iterable[Span]) -> date | None:
    """The first day ``span`` and one of ``others`` together take more than whole, if any."""
    for other in others:
        for day, part in span.days(other.start, other.end):
            if part + other.fraction(day) > 1:
                return day
    return None


def step(action: str) -> tuple[tuple[str, ...], str, str]:
    return STEPS[action]
