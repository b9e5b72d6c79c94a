"""The one place that decides whose data a principal may touch.

Members see and change only their own time entries; managers and admins see and change everyone's.
Projects, clients and tasks are shared by the team (scopes decide who may write them). An object
the caller may not see answers 404, exactly as if it did not exist, so ids reveal nothing.
"""

from __future__ import annotations

from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, NotFound


def can_access_user_data(principal: Principal, owner_id: int) -> bool:
    return owner_id == principal.user_id or principal.sees_everyone


def check_owner(principal: Principal, owner_id: int, what: str = "Time entry") -> None:
    """404 for another user's object unless the principal sees everyone."""
    if not can_access_user_data(principal, owner_id):
        raise NotFound(f"{what} not found")


def user_filter(principal: Principal, requested: int | None) -> int | None:
    """The user id a list or report is limited to (None: everyone).

    A member asking for someone else's data is refused outright (403): a filter names no object.
    """
    if principal.sees_everyone:
        return requested
    if requested is not None and requested != principal.user_id:
        raise Forbidden("Access denied: you can only see your own time entries", code="access_denied")
    return principal.user_id


def target_user(principal: Principal, requested: int | None) -> int:
    """Whose entry a write creates: one's own, or (managers and admins) anyone's."""
    if requested is None or requested == principal.user_id:
        return principal.user_id
    if not principal.sees_everyone:
        raise Forbidden("Only managers and admins can track time for other users", code="access_denied")
    return requested
