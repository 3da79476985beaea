"""A process-wide bound on concurrent sandboxes that works from any number of event loops and threads.

verifiers runs every rollout of a `vf-eval` process on one asyncio loop, while a GRPO trainer may call the
rubric from worker threads with loops of their own; an `asyncio.Semaphore` is bound to one loop, so the bound
here is a plain lock-protected pool of numbered slots. The slot number also picks the unprivileged uid a
sandbox runs as, so concurrent sandboxes never share an RLIMIT_NPROC budget.
"""

from __future__ import annotations

import asyncio
import os
import threading
from contextlib import asynccontextmanager


class SlotPool:
    def __init__(self, size: int | None = None):
        self._lock = threading.Lock()
        self.resize(size)

    def resize(self, size: int | None) -> None:
        size = int(size or os.cpu_count() or 1)
        if size < 1:
            raise ValueError("the concurrency limit must be at least 1")
        with self._lock:
            self.size = size
            self._free = list(range(size))
            self._in_use: set[int] = set()

    def try_take(self) -> int | None:
        with self._lock:
            free = [s for s in self._free if s not in self._in_use]
            if not free:
                return None
            slot = free[0]
            self._in_use.add(slot)
            return slot

    def give_back(self, slot: int) -> None:
        with self._lock:
            self._in_use.discard(slot)

    @property
    def in_use(self) -> int:
        with self._lock:
            return len(self._in_use)

    @asynccontextmanager
    async def slot(self):
        delay = 0.001
        while (slot := self.try_take()) is None:
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)
        try:
            yield slot
        finally:
            self.give_back(slot)


def _default_size() -> int:
    env = os.environ.get("MODBENCH_MAX_SANDBOXES")
    return int(env) if env else (os.cpu_count() or 1)


POOL = SlotPool(_default_size())


def set_max_concurrency(n: int | None) -> None:
    """Set the process-wide number of sandboxes that may run at once (default: number of cores)."""
    POOL.resize(n)
