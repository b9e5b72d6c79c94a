"""Suggestions of one's earlier descriptions as one types. Search itself is GET /time-entries?search=
(punchclock.entry.endpoints), so it takes every filter of the list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.kit.types import Text
from punchclock.responses import JSONResp
from punchclock.search import service
from punchclock.search.schemas import SuggestionList

# Under /users/me, as favourites are: one's own, and /time-entries/{entry_id} would take the path.
router = APIRouter(prefix="/users/me", tags=["time entries"])

Reader = Annotated[Principal, require("read:time_entries")]


@router.get("/suggestions", response_model=SuggestionList)
async def suggest(
    request: Request,
    principal: Reader,
    q: Annotated[
        Text,
        Query(
            max_length=service.MAX_TEXT,
            description="What was typed: three or more characters match anywhere in a description; "
            "one or two, the start of a word; nothing, the latest descriptions",
        ),
    ] = "",
    limit: Annotated[int, Query(ge=1, le=service.MAX_SUGGESTIONS)] = 8,
) -> JSONResp:
    """The caller's earlier descriptions matching what was typed, each with its latest project,
    task, tags and billable, most recent first."""
    found = await request.app.state.db.read(service.suggestions, principal, q, limit)
    return JSONResp({"suggestions": found})
