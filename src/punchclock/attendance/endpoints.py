from __future__ import annotations

from fastapi import APIRouter

from punchclock.auth.deps import CurrentPrincipal
from punchclock.errors import ModuleDisabled

router = APIRouter(tags=["attendance"])

PATHS = (
    ("GET", "/attendance/status"),
    ("GET", "/attendance/history"),
    ("POST", "/attendance/break/start"),
    ("POST", "/attendance/break/end"),
    ("POST", "/attendance/corrections"),
    ("POST", "/workday/start"),
    ("POST", "/workday/end"),
)


async def _disabled(_: CurrentPrincipal) -> None:
    """Attendance is not offered by this server (403 module_disabled, as TimeTracker's disabled module)."""
    raise ModuleDisabled("Attendance is not available on this server", code="module_disabled")


for _method, _path in PATHS:
    router.add_api_route(
        _path,
        _disabled,
        methods=[_method],
        status_code=403,
        responses={403: {"description": "Attendance is not available (module_disabled)"}},
        name=f"attendance {_method} {_path}",
    )
