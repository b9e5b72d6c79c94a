"""Search and suggestions: whose entries, which text, how many. The queries are in the repository.

Notes:
Search answers the newest matches a page at a time, up to MAX_RESULTS of them (as web search
engines and GitHub's API do): counting every match of a common text would cost more than finding
the page. The total is exact when the matches ran out before the page's end; otherwise it counts one
past the page, so ``has_next`` is right, and ``total_exact`` is false. Text shorter than three
characters is refused (400 search_too_short): it has no trigram to look up, and matches most entries.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session

from punchclock.auth import policy
from punchclock.auth.scopes import Principal
from punchclock.entry.service import by_ids, row_dict, row_json
from punchclock.errors import ValidationFailed
from punchclock.kit.pagination import Page, pagination
from punchclock.search import repository
from punchclock.search.sql import MIN_INDEXED, Where

MAX_TEXT = 200
MAX_RESULTS = 1000
MAX_SUGGESTIONS = 20


def _text(typed: str, field: str) -> str:
    text = typed.strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed(f"{field}: at most {MAX_TEXT} characters", code="search_too_long", field=field)
    if "\x00" in text:
        raise ValidationFailed(f"{field}: text may not contain NUL characters", field=field)
    return text


def search_entries(
    session: Session, principal: Principal, typed: str, page: Page, **filters: Any
) -> dict[str, Any]:
    """One page of the newest entries whose notes, tags, project or task name hold ``typed``, with
    GET /time-entries' filters (user_id as it allows: members their own)."""
    text = _text(typed, "search")
    if len(text) < MIN_INDEXED:
        raise ValidationFailed(
            f"search: type at least {MIN_INDEXED} characters", code="search_too_short", field="search"
        )
    where = Where(**{**filters, "user_ids": policy.users_filter(principal, filters.get("user_ids"))})
    wanted = min(page.offset + page.per_page, MAX_RESULTS)
    ids = repository.newest_matching(session, where, repository.needle_for(session, text), wanted + 1)
    exact = len(ids) <= wanted
    total = len(ids) if exact else min(wanted + 1, MAX_RESULTS)
    items: list[orjson.Fragment] = by_ids(session, ids[page.offset : wanted], row_json)
    return {"time_entries": items, "pagination": pagination(page, total), "total_exact": exact}


def suggestions(session: Session, principal: Principal, typed: str, limit: int) -> list[dict[str, Any]]:
    """The caller's distinct earlier descriptions holding ``typed`` (or starting a word with it, for
    one or two characters; the latest ones for nothing), each with the project, task, tags and
    billable of its latest entry, most recent first."""
    text = _text(typed, "q")
    ids = repository.latest_by_description(session, principal.user_id, text, min(limit, MAX_SUGGESTIONS))
    return [_suggestion(e) for e in by_ids(session, ids, row_dict)]


def _suggestion(entry: dict[str, Any]) -> dict[str, Any]:
    keep = ("notes", "project_id", "project", "task_id", "task", "tags", "tag_list", "billable")
    return {**{k: entry[k] for k in keep}, "entry_id": entry["id"], "last_used": entry["start_time"]}
