"""A small, thread-safe time-to-live cache with a size bound."""

from __future__ import annotations

import threading
import time
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class TTLCache(Generic[K, V]):
    def __init__(self, ttl: float, max_items: int = 10_000) -> None:
        self.ttl = ttl
        self.max_items = max_items
        self._data: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()
        self.generation = 0

    def get(self, key: K) -> V | None:
        if self.ttl <= 0:
            return None
        item = self._data.get(key)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def put(self, key: K, value: V, generation: int | None = None) -> None:
        """Store ``value``; with ``generation``, only if no clear() happened since it was read."""
        if self.ttl <= 0:
            return
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            if len(self._data) >= self.max_items:
                self._data.clear()
            self._data[key] = (time.monotonic() + self.ttl, value)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.generation += 1
