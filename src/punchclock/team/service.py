"""Teams: whom a manager sees. Admins make teams and name their leads; the rule is ``seen_users``.

Notes:
A workspace without teams keeps the first rule Punchclock had: a manager sees everyone. Once an
admin makes a team, a manager sees themselves and the members of the teams they lead (none: only
themselves), so adding the first team narrows every manager at once, on purpose: a half-set-up
workspace must not leave a manager seeing people no team gave them. Admins always see everyone;
members only themselves; being named a lead gives a member nothing (only managers and admins may be).

Who a principal sees rides on it (``Principal.seen``, punchclock.auth.reach), cached for a moment;
every change here that can change someone's reach drops the cache once it commits and has the
affected leads' open sockets re-checked (event.service.revoked), so it takes effect at once.

A team may also set the overlap rule of its members (punchclock.overlap: the strictest of a person's
teams wins, else the workspace's). Every change that can move someone's rule hands those people to
``overlap.refresh``. Each change locks its team's row first (``_get(..., lock=True)``), so a change of
a team's rule and a member joining or leaving it run one after the other, and each reads what the
other committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from punchclock.audit import service as audit_service
from punchclock.auth import cache as auth_cache
from punchclock.auth.scopes import Principal
from punchclock.db import after_commit
from punchclock.errors import Conflict, NotFound, ValidationFailed
from punchclock.event import service as event_service
from punchclock.kit.pagination import Page
from punchclock.kit.timeutil import iso, now_ts
from punchclock.models import Team, TeamMember
from punchclock.overlap import service as overlap
from punchclock.team import repository
from punchclock.user import service as user_service

LEAD_ROLES = ("manager", "admin")


def seen_users(session: Session, user_id: int, role: str) -> frozenset[int] | None:
    """The users whose time ``user_id`` (of ``role``) sees: None for everyone."""
    if role == "admin":
        return None
    if role != "manager":
        return frozenset({user_id})
    if not repository.any_team(session):
        return None
    return frozenset({user_id, *repository.led_members(session, user_id)})


def _dicts(session: Session, teams: list[Team], principal: Principal | None) -> list[dict[str, Any]]:
    """Teams as the API shows them. A team the caller leads (or any, for admins and the CLI) lists
    every member; one they only belong to lists its leads and the caller (members see only
    themselves, as everywhere else)."""
    people: dict[int, list[dict[str, Any]]] = {t.id: [] for t in teams}
    for team_id, user_id, username, display_name, is_lead in repository.members(session, people):
        person = {"user_id": user_id, "username": username, "display_name": display_name or username}
        people[team_id].append({**person, "is_lead": is_lead})
    out = []
    for team in teams:
        members = people[team.id]
        if principal is not None and not principal.is_admin and not _leads(principal.user_id, members):
            members = [m for m in members if m["is_lead"] or m["user_id"] == principal.user_id]
        out.append(
            {
                "id": team.id, "name": team.name, "overlap_rule": team.overlap_rule, "members": members,
                "created_at": iso(team.created_at), "updated_at": iso(team.updated_at),
            }
        )  # fmt: skip
    return out


def _leads(user_id: int, members: list[dict[str, Any]]) -> bool:
    return any(m["user_id"] == user_id and m["is_lead"] for m in members)


def _in(user_id: int, members: list[dict[str, Any]]) -> bool:
    return any(m["user_id"] == user_id for m in members)


def list_dicts(session: Session, principal: Principal, page: Page) -> tuple[list[dict[str, Any]], int]:
    """Admins: every team. Anyone else: the teams they are in (README: Teams)."""
    teams, total = repository.list_page(session, page, None if principal.is_admin else principal.user_id)
    return _dicts(session, teams, principal), total


def _get(session: Session, team_id: int, lock: bool = False) -> Team:
    team = repository.get(session, team_id, lock)
    if team is None:
        raise NotFound("Team not found")
    return team


def get_dict(session: Session, principal: Principal | None, team_id: int) -> dict[str, Any]:
    """A team its caller may see (404 otherwise, as if it did not exist)."""
    (found,) = _dicts(session, [_get(session, team_id)], principal)
    if principal is not None and not principal.is_admin and not _in(principal.user_id, found["members"]):
        raise NotFound("Team not found")
    return found


def member_ids(session: Session, team_id: int) -> list[int]:
    """The ids of a team's members, leads included (404 for no such team)."""
    _get(session, team_id)
    return repository.member_ids(session, team_id)


def _check_name_free(session: Session, name: str, own_id: int | None = None) -> None:
    other = repository.get_by_name(session, name)
    if other is not None and other.id != own_id:
        raise Conflict(f"A team named '{name}' already exists", code="team_exists")


def _store(session: Session, team: Team) -> None:
    # Two admins naming two teams alike at once: the unique index decides, and the loser hears 409.
    try:
        repository.add(session, team)
    except IntegrityError as exc:
        raise Conflict(f"A team named '{team.name}' already exists", code="team_exists") from exc


def create(
    session: Session, name: str, actor_id: int | None, overlap_rule: str | None = None
) -> dict[str, Any]:
    """A team without members (so its overlap rule moves nobody's yet)."""
    overlap.checked(overlap_rule)
    _check_name_free(session, name)
    first = not repository.any_team(session)
    now = now_ts()
    team = Team(name=name, overlap_rule=overlap_rule, created_at=now, updated_at=now)
    _store(session, team)
    rule = {"overlap_rule": overlap_rule} if overlap_rule else {}
    _audit(session, "team.created", actor_id, team, **rule)
    # The first team narrows every manager from everyone to their teams (none yet: themselves).
    _reach_changed(session, repository.manager_ids(session) if first else ())
    return get_dict(session, None, team.id)


def update(session: Session, team_id: int, changes: dict[str, Any], actor_id: int | None) -> dict[str, Any]:
    """Rename a team and/or set its overlap rule (``changes``: the fields sent; an ``overlap_rule``
    of None hands its members back to the workspace's rule)."""
    team = _get(session, team_id, lock=True)
    name = changes.get("name")
    if name is not None and name != team.name:
        _check_name_free(session, name, team.id)
        was, team.name, team.updated_at = team.name, name, now_ts()
        _store(session, team)
        _audit(session, "team.renamed", actor_id, team, was=was)
    rule = overlap.checked(changes.get("overlap_rule"))
    if "overlap_rule" in changes and rule != team.overlap_rule:
        before, team.overlap_rule, team.updated_at = team.overlap_rule, rule, now_ts()
        repository.add(session, team)
        _audit(session, "team.overlap_rule", actor_id, team, **{"from": before, "to": rule})
        overlap.refresh(session, repository.member_ids(session, team.id))
    return get_dict(session, None, team.id)


def delete(session: Session, team_id: int, actor_id: int | None) -> None:
    team = _get(session, team_id, lock=True)
    leads = repository.leads(session, team.id)
    members = repository.member_ids(session, team.id)
    _audit(session, "team.deleted", actor_id, team)
    repository.delete(session, team)
    _rule_moved(session, team, members)
    # Without any team left, every manager sees everyone again.
    _reach_changed(session, leads if repository.any_team(session) else repository.manager_ids(session))


def put_member(
    session: Session, team_id: int, user_id: int, is_lead: bool, actor_id: int | None
) -> dict[str, Any]:
    """Add a user to a team, or change whether they lead it (leads must be managers or admins)."""
    team = _get(session, team_id, lock=True)
    user = user_service.find(session, user_id)
    if user is None:
        raise NotFound("User not found")
    if is_lead and user.role not in LEAD_ROLES:
        raise ValidationFailed(
            f"{user.username} is a {user.role}: only managers and admins can lead a team",
            code="lead_not_manager",
            field="is_lead",
        )
    leads = repository.leads(session, team.id)
    row = repository.membership(session, team.id, user.id)
    if row is None:
        row = TeamMember(team_id=team.id, user_id=user.id, is_lead=is_lead, created_at=now_ts())
        action = "team.member_added"
    elif row.is_lead != is_lead:
        row.is_lead, action = is_lead, "team.lead_changed"
    else:
        return get_dict(session, None, team.id)
    repository.add(session, row)
    team.updated_at = now_ts()
    _audit(session, action, actor_id, team, user.id, is_lead=is_lead)
    _reach_changed(session, {*leads, user.id})
    if action == "team.member_added":
        _rule_moved(session, team, [user.id])
    return get_dict(session, None, team.id)


def remove_member(session: Session, team_id: int, user_id: int, actor_id: int | None) -> dict[str, Any]:
    team = _get(session, team_id, lock=True)
    row = repository.membership(session, team.id, user_id)
    if row is None:
        raise NotFound("The user is not in this team")
    leads = repository.leads(session, team.id)
    repository.delete(session, row)
    team.updated_at = now_ts()
    _audit(session, "team.member_removed", actor_id, team, user_id)
    _reach_changed(session, {*leads, user_id})
    _rule_moved(session, team, [user_id])
    return get_dict(session, None, team.id)


def _audit(
    session: Session,
    action: str,
    actor_id: int | None,
    team: Team,
    user_id: int | None = None,
    /,
    **extra: Any,
) -> None:
    detail = {"team_id": team.id, "name": team.name, **extra}
    audit_service.record(session, action, actor_id=actor_id, target_user_id=user_id, detail=detail)


def _reach_changed(session: Session, user_ids: Iterable[int]) -> None:
    """Whom these users see changed: cached principals go once this commits, and their open sockets
    (a lead's team socket hears its members) are re-checked on every instance."""
    after_commit(session, auth_cache.revoke_all)
    for user_id in sorted(set(user_ids)):
        event_service.revoked(session, user_id)


def _rule_moved(session: Session, team: Team, user_ids: list[int]) -> None:
    """These people joined or left ``team`` (or it went): their overlap rule follows. A team without
    a rule of its own moves nobody's (its row, locked, says so as committed)."""
    if team.overlap_rule is not None:
        overlap.refresh(session, user_ids)
