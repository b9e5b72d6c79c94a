"""The rule on time in the future: tracked time has happened.

Notes:
An entry records time already worked, so none may end in the future, and no timer may start there
(a running timer "ends" now). A clock a few minutes fast is tolerated (``GRACE_SECONDS``): phones
and laptops drift, and TimeTagger's clients stamp a running record with their own clock. Planned
time is not tracked time; it stays out rather than inflating today's totals. Every path that writes
entries calls ``refusal`` or ``check``: the REST API and the timer (and so the CLI and the web app),
TimeTagger sync (a refused record fails alone, as the protocol allows) and imports (the row is
reported and skipped).
"""

from __future__ import annotations

from punchclock.errors import ValidationFailed

GRACE_SECONDS = 300


def refusal(start: int, end: int | None, now: int) -> tuple[str, str, str] | None:
    """(code, field, message) when the span reaches into the future, else None."""
    latest = now + GRACE_SECONDS
    if end is None and start > latest:
        return "start_in_future", "start_time", "start_time cannot be in the future"
    if end is not None and end > latest:
        message = "end_time cannot be in the future: entries record time already worked"
        return "end_in_future", "end_time", message
    return None


def check(start: int, end: int | None, now: int) -> None:
    """Raise ValidationFailed (400) when the span reaches into the future."""
    refused = refusal(start, end, now)
    if refused is not None:
        code, field, message = refused
        raise ValidationFailed(message, code=code, field=field)
