"""The event: what changed, whose it is, who did it, and which scope a receiver needs to see it."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

# Every event name a client or webhook can receive, by the scope it needs.
EVENT_SCOPES: dict[str, str] = {
    "time_entry.created": "read:time_entries",
    "time_entry.updated": "read:time_entries",
    "time_entry.deleted": "read:time_entries",
    "time_entry.restored": "read:time_entries",
    "time_entry.bulk": "read:time_entries",
    "timer.started": "read:time_entries",
    "timer.stopped": "read:time_entries",
    "timer.paused": "read:time_entries",
    "timer.resumed": "read:time_entries",
    "project.created": "read:projects",
    "project.updated": "read:projects",
    "project.deleted": "read:projects",
    "client.created": "read:clients",
    "client.updated": "read:clients",
    "client.deleted": "read:clients",
    "task.created": "read:tasks",
    "task.updated": "read:tasks",
    "task.deleted": "read:tasks",
    "settings.updated": "read:time_entries",
    "import.completed": "read:time_entries",
    "period.submitted": "read:time_entries",
    "period.withdrawn": "read:time_entries",
    "period.approved": "read:time_entries",
    "period.rejected": "read:time_entries",
    "period.closed": "read:time_entries",
    "period.reopened": "read:time_entries",
    "reminder.long_timer": "read:time_entries",
    "reminder.nothing_tracked": "read:time_entries",
    "reminder.period_unsubmitted": "read:time_entries",
    "reminder.absence_pending": "read:time_entries",
    "absence.submitted": "read:time_entries",
    "absence.withdrawn": "read:time_entries",
    "absence.approved": "read:time_entries",
    "absence.rejected": "read:time_entries",
    "absence.cancelled": "read:time_entries",
    "absence.deleted": "read:time_entries",
}
# Not for clients: tells every instance's hub to re-check the sockets of a user who lost rights.
AUTH_REVOKED = "auth.revoked"
PING = "webhook.ping"


@dataclass(slots=True)
class Event:
    name: str
    user_id: int | None  # the owner; None for shared things (projects, clients, tasks)
    actor_id: int | None
    object: dict[str, Any]
    cursor: float | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    time: float = field(default_factory=time.time)
    # The private project a shared event is about (a project's or its task's): receivers that do
    # not see it never hear it (punchclock.project.visibility). None for anything public.
    project_id: int | None = None

    @property
    def scope(self) -> str:
        return EVENT_SCOPES.get(self.name, "admin:all")

    @property
    def internal(self) -> bool:
        return self.name == AUTH_REVOKED

    def iso_time(self) -> str:
        return (
            datetime.fromtimestamp(self.time, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        )

    def message(self) -> bytes:
        """The WebSocket message."""
        return orjson.dumps(
            {
                "type": "event",
                "event": self.name,
                "id": self.id,
                "time": self.iso_time(),
                "user_id": self.user_id,
                "actor_id": self.actor_id,
                "object": self.object,
                "cursor": self.cursor,
            }
        )

    def webhook_body(self) -> str:
        """The webhook POST body (the signed bytes)."""
        return orjson.dumps(
            {
                "id": self.id,
                "event": self.name,
                "time": self.iso_time(),
                "user_id": self.user_id,
                "actor": {"id": self.actor_id},
                "object": self.object,
                "cursor": self.cursor,
            }
        ).decode()

    def to_wire(self) -> dict[str, Any]:
        return {
            "n": self.name, "u": self.user_id, "a": self.actor_id, "o": self.object,
            "c": self.cursor, "i": self.id, "t": self.time, "p": self.project_id,
        }  # fmt: skip

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> Event:
        return cls(d["n"], d["u"], d["a"], d["o"], d["c"], d["i"], d["t"], d.get("p"))


@dataclass(slots=True)
class Batch:
    """The events of one transaction, handed to the event sink after it commits."""

    events: list[Event] = field(default_factory=list)
    outbox: bool = False  # webhook deliveries were queued: wake the sender


def encode(events: list[Event]) -> bytes:
    return orjson.dumps([e.to_wire() for e in events])


def decode(data: bytes | str) -> list[Event]:
    return [Event.from_wire(d) for d in orjson.loads(data)]


def matches(patterns: list[str], name: str) -> bool:
    """``*`` matches everything, ``time_entry.*`` a group, anything else one name."""
    for pattern in patterns:
        if pattern == "*" or pattern == name:
            return True
        if pattern.endswith(".*") and name.startswith(pattern[:-1]):
            return True
    return False


def valid_pattern(pattern: str) -> bool:
    if pattern == "*" or pattern in EVENT_SCOPES:
        return True
    groups = {name.split(".")[0] for name in EVENT_SCOPES}
    return pattern.endswith(".*") and pattern[:-2] in groups
