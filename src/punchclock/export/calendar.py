"""The iCalendar feed: a user's entries for calendar apps, at a URL holding a read:calendar token.

Notes:
Calendar apps cannot send headers, so the feed's secret travels in the URL (``?token=``). The
secret is an ordinary API token that holds only ``read:calendar``: it is revocable like any token
(DELETE /api/v1/tokens/{id}), and a token with more rights is refused here, so a URL that leaks
from a calendar app never carries the power to change anything. The query string is kept out of
the access log.
"""

from __future__ import annotations

from collections.abc import Iterator

from punchclock.auth.scopes import Principal
from punchclock.db import Database
from punchclock.errors import Forbidden, InsufficientScope
from punchclock.export import repository
from punchclock.export.repository import EntryScope
from punchclock.kit.ical import Event, calendar
from punchclock.kit.tags import tag_list
from punchclock.kit.timeutil import now_ts

SCOPE = "read:calendar"
DAYS_BACK = 366


def check_feed_token(principal: Principal) -> None:
    if SCOPE not in principal.scopes:
        raise InsufficientScope(SCOPE, sorted(principal.scopes))
    if principal.scopes != {SCOPE}:
        raise Forbidden(
            "A calendar URL takes a token holding only the read:calendar scope", code="token_too_broad"
        )


def feed(db: Database, principal: Principal, page: int = 1000) -> Iterator[bytes]:
    """The last year of the principal's entries (a running one up to now), as iCalendar text."""
    now = now_ts()
    scope = EntryScope(user_ids=(principal.user_id,), start=now - DAYS_BACK * 86400)

    def events() -> Iterator[Event]:
        after = (-1, 0)
        while True:
            rows = db.call(repository.page_after, scope, after, page, write=False)
            for r in rows:
                title = r.notes.strip().splitlines()[0] if r.notes.strip() else (r.project or "Time entry")
                what = " · ".join(x for x in (r.project, r.task, r.client) if x)
                yield Event(
                    uid=f"{r.id}-{r.sync_key}@punchclock",
                    start=r.start_at,
                    end=r.end_at if r.end_at is not None else max(now, r.start_at + 1),
                    summary=title[:200],
                    description=(what + "\n" + r.notes).strip(),
                    categories=tuple(tag_list(r.tags)),
                )
            if len(rows) < page:
                return
            after = (rows[-1].start_at, rows[-1].id)

    for text in calendar(f"Punchclock: {principal.username}", events(), now):
        yield text.encode()
