"""What every hot reader hands its read function (Rows), and what it is (Reader)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
PG_CONNECTIONS = 8  # connections each PostgreSQL hot reader may hold


class Rows(Protocol):
    """What a hot read's function gets: SQL written for ``paramstyle`` ("named" ``:name`` or
    "pyformat" ``%(name)s``) in, tuples out."""

    paramstyle: str
    is_sqlite: bool

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]: ...

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any: ...


class FirstValue:
    """``scalar()`` for Rows whose ``all()`` reads every row (the PostgreSQL ones)."""

    def all(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def scalar(self, sql: str, params: Mapping[str, Any]) -> Any:
        rows = self.all(sql, params)
        return rows[0][0] if rows else None


class Reader(Protocol):
    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...

    def close(self) -> None: ...


class LoopSlots:
    """At most ``size`` reads at a time on the running event loop, over connections kept in
    ``idle`` (a PostgreSQL reader's bookkeeping). A new loop (tests run several) starts afresh."""

    def __init__(self, size: int = PG_CONNECTIONS) -> None:
        self.size = size
        self.idle: list[Any] = []
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def slots(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self.new_loop()
            self._loop, self._slots = loop, asyncio.Semaphore(self.size)
        return self._slots

    def new_loop(self) -> None:
        """Called before the first read on a new loop."""
