"""POST /api/v1/imports: a Toggl, Clockify, Kimai, TimeTagger or Punchclock export into your account
(or, for admins, a team's export into each person's account)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.responses import Response

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, ValidationFailed
from punchclock.idempotency.deps import IdemKey, claim
from punchclock.importer import run
from punchclock.importer.entries import Outcome, Rights
from punchclock.importer.service import Account
from punchclock.kit.types import Text
from punchclock.responses import JSONResp

router = APIRouter(tags=["imports"])

Writer = Annotated[Principal, require("write:time_entries")]


async def _file(request: Request) -> tuple[bytes, str]:
    """The uploaded file: a multipart form's ``file`` field, or the raw request body."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=10)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed("Send the export as the form field 'file'", field="file")
        return await upload.read(), upload.filename or "upload"
    return await request.body(), "upload"


@router.post("/imports")
async def import_file(
    request: Request,
    principal: Writer,
    format: Annotated[Literal[run.FORMATS], Query(description="The tool that wrote the file")] = "punchclock",  # type: ignore[valid-type]
    dry_run: Annotated[bool, Query(description="Report what would happen; change nothing")] = False,
    timezone: Annotated[
        Text | None, Query(max_length=64, description="For local times (default: yours)")
    ] = None,
    by_user: Annotated[
        bool, Query(description="Admins: each row into the account of the person it names")
    ] = False,
    _key: IdemKey = None,
) -> Response:
    """Import an export file (raw body or multipart field 'file'); a second run adds nothing."""
    if by_user and not principal.is_admin:  # before the upload is read: a refusal costs nothing
        raise Forbidden("Only admins can import other people's time (by_user)", code="access_denied")
    data, name = await _file(request)
    # The file, not the form around it, names the request: a retried upload has a new boundary.
    # A dry run changes nothing, so its answer is never remembered (but its key is still checked).
    claimed = await claim(request, principal, content=data)
    if isinstance(claimed, Response):
        return claimed
    if not data.strip():
        raise ValidationFailed("The file is empty", code="empty_file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(f"The file is not UTF-8 text (byte {exc.start})", code="not_utf8") from exc
    account = Account(principal.user_id, principal.username, principal.timezone)
    rights = Rights(
        clients="write:clients" in principal.scopes,
        projects="write:projects" in principal.scopes,
        tasks="write:tasks" in principal.scopes,
    )
    db = request.app.state.db

    async def run_import(remember: Callable[[Session, Outcome], None] | None = None) -> dict[str, Any]:
        outcome = await anyio.to_thread.run_sync(
            lambda: run.import_text(
                db,
                format,
                text,
                account,
                name,
                timezone,
                dry_run,
                rights,
                by_user=by_user,
                actor_id=principal.user_id,
                remember=remember,
            )
        )
        return {"import": outcome.as_dict()}

    if claimed is None:
        return JSONResp(await run_import())
    keep = claimed.remember

    def remember(session: Session, outcome: Outcome) -> None:
        keep(session, 200, {"import": outcome.as_dict()})

    return await claimed.settle(request, 200, lambda: run_import(remember))
