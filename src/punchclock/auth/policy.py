"""The one place that decides whose data a principal may touch.

Members see and change only their own time entries; admins see and change everyone's; managers
everyone's too in a workspace without teams, else their own and their teams' members'
(``Principal.reach``, punchclock.team). Projects, clients and tasks are shared by the workspace
(scopes decide who may write them). An object the caller may not see answers 404, exactly as if it
did not exist, so ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from punchclock.auth.scopes import Principal
from punchclock.errors import Forbidden, NotFound


def check_owner(principal: Principal, owner_id: int, what: str = "Time entry") -> None:
    """404 for an object of a user the principal does not see."""
    if not principal.sees(owner_id):
        raise NotFound(f"{what} not found")


def users_filter(principal: Principal, requested: Iterable[int] | None) -> tuple[int, ...] | None:
    """The users a list, report or export is limited to (None: everyone), in id order: those asked
    for (none: all the principal sees).

    Asking for someone the principal does not see is refused outright (403): a filter names no object.
    """
    wanted = frozenset(requested or ())
    reach = principal.reach
    if reach is not None and not wanted <= reach:
        if principal.sees_everyone:
            raise Forbidden("Access denied: you can see only your teams' time", code="access_denied")
        raise Forbidden("Access denied: you can only see your own time entries", code="access_denied")
    chosen = wanted or reach
    return None if chosen is None else tuple(sorted(chosen))


def user_filter(principal: Principal, requested: int | None) -> tuple[int, ...] | None:
    """``users_filter`` for a filter of at most one user (``?user_id=``)."""
    return users_filter(principal, None if requested is None else (requested,))


def target_user(principal: Principal, requested: int | None) -> int:
    """Whose entry a write creates: one's own, or (managers and admins) anyone's they see."""
    if requested is None or requested == principal.user_id:
        return principal.user_id
    if not principal.sees_everyone:
        raise Forbidden("Only managers and admins can track time for other users", code="access_denied")
    if not principal.sees(requested):
        raise Forbidden("You can track time only for the members of the teams you lead", code="access_denied")
    return requested
