"""Rolling report cells up into groups and sub-groups, with amounts that add up to the cent.

Notes:
A cell is time of one project (and user, task, tags, local day, as far as the grouping needs)
after rounding. Seconds are integers and add up exactly at every level. Amounts are rounded to
the cent once per innermost group (the rate differs per project, so a group's amount is the sum
over its projects); a parent's amount is then the sum of its children's, so the figures on an
invoice add up. Tags are the exception: an entry with two tags counts in both tag groups, so a
parent of tag groups (and the totals of a tag report) is computed from its own cells instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from punchclock.kit.periods import PERIODS, day_date, period_label, period_start
from punchclock.kit.tags import tag_list

CENT = Decimal("0.01")
NONE_KEY = "none"


@dataclass(frozen=True, slots=True)
class Cell:
    project_id: int | None
    user_id: int | None
    task_id: int | None
    tags: str
    day: int | None
    seconds: int
    billable_seconds: int
    entries: int  # entries aggregated in SQL (each lies in one cell)
    entry_ids: frozenset[int] = frozenset()  # entries cut in Python with a piece in this cell


@dataclass
class Node:
    key: str
    label: str
    seconds: int = 0
    billable_seconds: int = 0
    counted: int = 0
    pieces_of: set[int] = field(default_factory=set)
    by_project: dict[int | None, int] = field(default_factory=dict)
    children: dict[str, Node] = field(default_factory=dict)
    amount: Decimal = Decimal(0)

    def add(self, cell: Cell) -> None:
        self.seconds += cell.seconds
        self.billable_seconds += cell.billable_seconds
        self.counted += cell.entries
        if cell.entry_ids:
            self.pieces_of |= cell.entry_ids
        if cell.billable_seconds:
            self.by_project[cell.project_id] = self.by_project.get(cell.project_id, 0) + cell.billable_seconds

    @property
    def entries(self) -> int:
        return self.counted + len(self.pieces_of)


@dataclass
class Lookup:
    """Names and rates the labels and amounts need."""

    projects: dict[int, Any]  # id -> row with name, client_id, client_name, rate (the effective one)
    users: dict[int, str]
    tasks: dict[int, str]
    week_start: int = 0


Keyer = Callable[[Cell], list[tuple[str, str]]]


def keyer(dim: str, lookup: Lookup) -> Keyer:
    """How a dimension keys and labels a cell (a cell with two tags has two keys)."""

    def by_project(c: Cell) -> list[tuple[str, str]]:
        p = lookup.projects.get(c.project_id) if c.project_id is not None else None
        return [(str(c.project_id), p.name)] if p is not None else [(NONE_KEY, "No project")]

    def by_client(c: Cell) -> list[tuple[str, str]]:
        p = lookup.projects.get(c.project_id) if c.project_id is not None else None
        if p is None or p.client_id is None:
            return [(NONE_KEY, "No client")]
        return [(str(p.client_id), p.client_name)]

    def by_task(c: Cell) -> list[tuple[str, str]]:
        if c.task_id is None:
            return [(NONE_KEY, "No task")]
        return [(str(c.task_id), lookup.tasks.get(c.task_id, f"Task {c.task_id}"))]

    def by_user(c: Cell) -> list[tuple[str, str]]:
        assert c.user_id is not None
        return [(str(c.user_id), lookup.users.get(c.user_id, f"User {c.user_id}"))]

    def by_tag(c: Cell) -> list[tuple[str, str]]:
        tags = tag_list(c.tags)
        return [(t.lower(), t) for t in tags] or [(NONE_KEY, "No tag")]

    periods: dict[int, list[tuple[str, str]]] = {}

    def by_period(c: Cell) -> list[tuple[str, str]]:
        assert c.day is not None
        found = periods.get(c.day)
        if found is None:
            start = period_start(day_date(c.day), dim, lookup.week_start)
            found = periods[c.day] = [(start.isoformat(), period_label(start, dim))]
        return found

    table: dict[str, Keyer] = {
        "project": by_project,
        "client": by_client,
        "task": by_task,
        "user": by_user,
        "tag": by_tag,
    }
    return by_period if dim in PERIODS else table[dim]


def build(
    cells: Iterable[Cell], group_by: str, sub_group_by: str | None, lookup: Lookup
) -> tuple[Node, list[Node]]:
    """The totals node and the sorted top-level groups (each with its sorted sub-groups)."""
    total = Node("total", "Total")
    groups: dict[str, Node] = {}
    outer = keyer(group_by, lookup)
    inner = keyer(sub_group_by, lookup) if sub_group_by else None
    for cell in cells:
        total.add(cell)
        for key, label in outer(cell):
            node = groups.get(key) or groups.setdefault(key, Node(key, label))
            node.add(cell)
            if inner is not None:
                for sub_key, sub_label in inner(cell):
                    child = node.children.get(sub_key) or node.children.setdefault(
                        sub_key, Node(sub_key, sub_label)
                    )
                    child.add(cell)
    rates = {pid: p.rate for pid, p in lookup.projects.items()}
    for node in groups.values():
        _amounts(node, rates, sub_group_by)
    total.amount = (
        sum((n.amount for n in groups.values()), Decimal(0)) if group_by != "tag" else _direct(total, rates)
    )
    return total, _sorted(groups, group_by)


def _direct(node: Node, rates: dict[int, Any]) -> Decimal:
    amount = Decimal(0)
    for pid, seconds in node.by_project.items():
        rate = rates.get(pid) if pid is not None else None
        if rate is not None:
            amount += Decimal(seconds) * Decimal(rate) / 3600
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _amounts(node: Node, rates: dict[int, Any], child_dim: str | None) -> None:
    for child in node.children.values():
        child.amount = _direct(child, rates)
    if node.children and child_dim != "tag":
        node.amount = sum((c.amount for c in node.children.values()), Decimal(0))
    else:
        node.amount = _direct(node, rates)


def _sorted(nodes: dict[str, Node], dim: str | None) -> list[Node]:
    if dim in PERIODS:
        return sorted(nodes.values(), key=lambda n: n.key)
    return sorted(nodes.values(), key=lambda n: (-n.seconds, n.label.lower(), n.key))


def figures(node: Node) -> dict[str, Any]:
    return {
        "seconds": node.seconds,
        "hours": round(node.seconds / 3600, 2),
        "billable_seconds": node.billable_seconds,
        "billable_hours": round(node.billable_seconds / 3600, 2),
        "amount": float(node.amount),
        "entries": node.entries,
    }


def as_json(node: Node, child_dim: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"key": node.key, "label": node.label, **figures(node)}
    out["groups"] = [as_json(c, None) for c in _sorted(node.children, child_dim)]
    return out
