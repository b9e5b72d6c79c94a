"""Scopes (seed 003's table), roles, and the principal a request acts as.

A token's rights are its scopes intersected with its user's role; a web login carries the role's
full set. ``admin:all`` on a token stands for every scope, still cut down to what the role allows.
"""

from __future__ import annotations

from dataclasses import dataclass

SCOPES: dict[str, str] = {
    "read:projects": "View projects",
    "write:projects": "Create and update projects",
    "read:time_entries": "View time entries",
    "write:time_entries": "Create and update time entries",
    "read:tasks": "View tasks",
    "write:tasks": "Create and update tasks",
    "read:clients": "View clients",
    "write:clients": "Create and update clients",
    "read:reports": "View reports and analytics",
    "read:users": "View user information",
    # Not in seed 003 (TimeTracker has no profile update in its API): the read:users pair, for
    # PATCH /users/me. Passwords and tokens still need a signed-in session.
    "write:users": "Change one's own profile: display name, email, time zone, week start",
    "read:calendar": "Read the iCalendar feed of one's entries (only this scope: the token goes in a URL)",
    "read:webhooks": "View one's webhooks and their deliveries",
    "write:webhooks": "Create, change and delete one's webhooks",
    "admin:all": "Full administrative access (use with caution)",
}

ADMIN_ALL = "admin:all"

_MEMBER = frozenset(
    {
        "read:projects",
        "read:time_entries",
        "write:time_entries",
        "read:tasks",
        "read:clients",
        "read:reports",
        "read:users",
        "write:users",
        "read:calendar",
        "read:webhooks",
        "write:webhooks",
    }
)
_MANAGER = _MEMBER | {"write:projects", "write:tasks", "write:clients"}

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "member": _MEMBER,
    "manager": frozenset(_MANAGER),
    "admin": frozenset(SCOPES),
}


class UnknownScope(ValueError):
    pass


def parse_scopes(value: str | list[str]) -> frozenset[str]:
    """Comma- or space-separated text (or a list) to a validated set of scopes."""
    items = value if isinstance(value, list) else value.replace(",", " ").split()
    scopes = frozenset(s.strip() for s in items if s.strip())
    unknown = sorted(scopes - SCOPES.keys())
    if unknown:
        raise UnknownScope(f"unknown scope(s): {', '.join(unknown)}; known: {', '.join(SCOPES)}")
    if not scopes:
        raise UnknownScope("at least one scope is required")
    return scopes


def effective_scopes(role: str, token_scopes: frozenset[str] | None) -> frozenset[str]:
    allowed = ROLE_SCOPES.get(role, frozenset())
    if token_scopes is None:
        return allowed
    if ADMIN_ALL in token_scopes:
        return allowed
    return allowed & token_scopes


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request acts as, and with which rights."""

    user_id: int
    username: str
    role: str
    scopes: frozenset[str]
    kind: str  # "web" (login session) or "api" (API token)
    token_id: int | None = None
    timezone: str = "UTC"
    session_id: int | None = None  # a web token's signed-in session (punchclock.identity)
    # A session of someone the workspace requires a second factor of, who has not set one up: it
    # may only do that (punchclock.twofactor); auth.deps refuses it everything else.
    enrol_only: bool = False
    client: str = ""  # "cli": the terminal's token (what the entry history calls the path)
    # Whose time a manager sees (None: everyone), from punchclock.team's rule by auth.reach. Only
    # ever narrows a manager: a member sees themselves whatever it holds (see ``reach``).
    seen: frozenset[int] | None = None
    # The private projects this principal sees (punchclock.project.visibility): None for all of them
    # (managers and admins), else those they are a member of. A private project made a moment ago is
    # in no cached set, so it stays unseen until the principal is loaded again: the safe way round.
    projects: frozenset[int] | None = frozenset()

    @property
    def is_admin(self) -> bool:
        return self.role == "admin" and ADMIN_ALL in self.scopes

    @property
    def sees_everyone(self) -> bool:
        """Whether the role is a manager's or an admin's: may see others' time at all (group by
        person, team sockets and webhooks, budgets). Whose time exactly: ``reach``."""
        return self.role in ("admin", "manager")

    @property
    def reach(self) -> frozenset[int] | None:
        """The users whose time this principal sees: None for everyone."""
        return self.seen if self.sees_everyone else frozenset({self.user_id})

    def sees_project(self, project_id: int) -> bool:
        """Whether this principal sees ``project_id`` *if it is private* (public ones: everybody)."""
        return self.projects is None or project_id in self.projects

    def sees(self, user_id: int) -> bool:
        reach = self.reach
        return reach is None or user_id in reach

    @property
    def rate_key(self) -> str:
        return f"rl:tok:{self.token_id}" if self.token_id is not None else f"rl:web:{self.user_id}"
