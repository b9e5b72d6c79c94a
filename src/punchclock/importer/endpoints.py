"""POST /api/v1/imports: a Toggl, Clockify, Kimai, TimeTagger or Punchclock export into your account
(or, for admins, a team's export into each person's account)."""

from __future__ import annotations

from typing import Annotated, Literal

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from starlette.datastructures import UploadFile

from punchclock.auth.deps import require
from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, ValidationFailed
from punchclock.importer import run
from punchclock.importer.entries import Rights
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
) -> JSONResp:
    """Import an export file (raw body or multipart field 'file'); a second run adds nothing."""
    if by_user and not principal.is_admin:  # before the upload is read: a refusal costs nothing
        raise Forbidden("Only admins can import other people's time (by_user)", code="access_denied")
    data, name = await _file(request)
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
        )
    )
    return JSONResp({"import": outcome.as_dict()})
