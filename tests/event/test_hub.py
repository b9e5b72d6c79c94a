"""The hub's rules without a network: slow consumers, visibility, event matching."""

from __future__ import annotations

import asyncio

from punchclock.auth.scopes import Principal
from punchclock.event.hub import CLOSE_SLOW, Conn, Hub
from punchclock.event.schemas import Event, matches, valid_pattern

ALICE = Principal(1, "alice", "member", frozenset({"read:time_entries"}), "api")


class Recorder:
    def __init__(self, delay: float = 0.0) -> None:
        self.sent: list[str] = []
        self.closed: int | None = None
        self.delay = delay

    async def send_text(self, text: str) -> None:
        await asyncio.sleep(self.delay)
        self.sent.append(text)

    async def close(self, code: int) -> None:
        self.closed = code


def test_a_slow_consumer_is_closed_instead_of_buffering_without_bound():
    async def run() -> Recorder:
        ws = Recorder(delay=10)
        conn = Conn(ws, ALICE, "t", False, 1e18, limit=3)
        pump = asyncio.create_task(conn.pump())
        for n in range(10):
            conn.offer(str(n))
        await asyncio.sleep(0)
        assert conn.close_code == CLOSE_SLOW
        pump.cancel()
        return ws

    asyncio.run(run())


def test_messages_go_out_in_order_then_the_close():
    async def run() -> Recorder:
        ws = Recorder()
        conn = Conn(ws, ALICE, "t", False, 1e18, limit=100)
        pump = asyncio.create_task(conn.pump())
        for n in range(5):
            conn.offer(str(n))
        await asyncio.sleep(0.01)
        conn.close(4000)
        await asyncio.wait_for(pump, 1)
        return ws

    ws = asyncio.run(run())
    assert ws.sent == ["0", "1", "2", "3", "4"]
    assert ws.closed == 4000


def test_visibility_by_owner_scope_and_team():
    mine = Event("time_entry.created", 1, 1, {})
    theirs = Event("time_entry.created", 2, 2, {})
    project = Event("project.created", None, 3, {})
    own = Conn(None, ALICE, "t", False, 0, 1)
    team = Conn(
        None, Principal(9, "boss", "manager", frozenset({"read:time_entries"}), "web"), "t", True, 0, 1
    )
    assert own.may_see(mine)
    assert not own.may_see(theirs)
    assert not own.may_see(project)
    assert team.may_see(theirs)


def test_a_team_leads_socket_hears_only_whom_they_see():
    """A team socket follows its principal's reach (auth.reach): a lead hears their teams' members,
    and themselves; nobody else. A re-check that brings a new reach applies it."""
    scopes = frozenset({"read:time_entries"})
    lead = Principal(9, "boss", "manager", scopes, "web", seen=frozenset({9, 1}))
    team = Conn(None, lead, "t", True, 0, 1)
    assert team.may_see(Event("time_entry.created", 1, 1, {}))
    assert team.may_see(Event("time_entry.created", 9, 9, {}))
    assert not team.may_see(Event("time_entry.created", 2, 2, {}))
    team.principal = Principal(9, "boss", "manager", scopes, "web", seen=frozenset({9, 2}))
    assert team.may_see(Event("time_entry.created", 2, 2, {}))
    assert not team.may_see(Event("time_entry.created", 1, 1, {}))
    # A member's principal never widens, whatever it were to hold.
    alice = Principal(1, "alice", "member", scopes, "web", seen=frozenset({1, 2}))
    member = Conn(None, alice, "t", True, 0, 1)
    assert not member.may_see(Event("time_entry.created", 2, 2, {}))


def test_event_patterns():
    assert matches(["*"], "timer.started")
    assert matches(["time_entry.*"], "time_entry.deleted")
    assert not matches(["time_entry.*"], "timer.started")
    assert matches(["project.created", "timer.stopped"], "timer.stopped")
    assert valid_pattern("client.*")
    assert valid_pattern("*")
    assert valid_pattern("task.deleted")
    assert not valid_pattern("nope.*")
    assert not valid_pattern("time_entry.exploded")
    assert not valid_pattern("")


def test_a_team_socket_gets_its_owners_own_event_once():
    async def run() -> Recorder:
        hub = Hub(verify=None, heartbeat=60, lifetime=3600, queue_limit=10)  # type: ignore[arg-type]
        ws = Recorder()
        boss = Principal(9, "boss", "manager", frozenset({"read:time_entries"}), "web")
        conn = hub.connect(ws, boss, "t", team=True)
        pump = asyncio.create_task(conn.pump())
        hub.dispatch([Event("time_entry.created", 9, 9, {"id": 1})])
        await asyncio.sleep(0.01)
        pump.cancel()
        return ws

    assert len(asyncio.run(run()).sent) == 1
