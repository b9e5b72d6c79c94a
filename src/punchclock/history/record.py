"""Recording entry history, called by every path that writes entries (after it wrote, in its
transaction). One INSERT ... SELECT copies the entries as now written, so a version is exactly what
was stored, tags from the notes included.

Notes:
Which path wrote (``via``) and who (``actor``) come from the principal on REST (a web session is
``web``, the terminal's token ``cli``, any other token ``rest``). The sync push and imports have no
principal at hand: they declare themselves for their transaction with ``acting``, which wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from punchclock.auth.scopes import Principal
from punchclock.history import repository
from punchclock.kit.timeutil import now_ts

_ACTING = "pc_history_acting"
_ACTION = "pc_history_action"


def acting(session: Session, via: str, actor_id: int | None) -> None:
    """This transaction writes through ``via`` (sync, import) on behalf of ``actor_id``; the first
    declaration stands (a TimeTagger import pushes through the sync service, and stays ``import``)."""
    session.info.setdefault(_ACTING, (via, actor_id))


def reverting(session: Session) -> None:
    """The writes that follow in this transaction restore an earlier version (action ``revert``)."""
    session.info[_ACTION] = "revert"


def via_of(principal: Principal | None) -> str:
    if principal is None:
        return "rest"
    if principal.client == "cli":
        return "cli"
    return "web" if principal.kind == "web" else "rest"


def _values(session: Session, principal: Principal | None, action: str) -> dict[str, object]:
    declared = session.info.get(_ACTING)
    via, actor = declared if declared else (via_of(principal), principal.user_id if principal else None)
    return {"at": now_ts(), "actor_id": actor, "via": via, "action": session.info.get(_ACTION, action)}


def record(
    session: Session, entry_ids: Sequence[int], action: str, principal: Principal | None = None
) -> None:
    repository.snapshot_ids(session, entry_ids, _values(session, principal, action))


def record_keys(session: Session, user_id: int, keys: Sequence[str], action: str) -> None:
    """Versions of a user's entries by sync key (a sync push's or an import's batch)."""
    if keys:
        repository.snapshot_keys(session, user_id, keys, _values(session, None, action))
