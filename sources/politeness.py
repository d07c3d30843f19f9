"""Per-host politeness shared by every task using one Fetcher.

A host gets at most ``per_host`` requests in flight and a minimum gap between request *starts*; the whole
fetcher gets at most ``total`` in flight. The host slot is taken before the global one so that many tasks
queued on one slow host cannot hold every global slot while they wait.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

__all__ = ["Politeness"]


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float | None = None


class Politeness:
    def __init__(
        self,
        *,
        total: int,
        per_host: int,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[object]],
    ) -> None:
        self._global = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[str, _Host] = {}
        self._clock = clock
        self._sleep = sleep

    def _host(self, key: str) -> _Host:
        state = self._hosts.get(key)
        if state is None:
            state = self._hosts[key] = _Host(asyncio.Semaphore(self._per_host))
        return state

    async def _wait_turn(self, state: _Host, gap: float) -> None:
        async with state.lock:
            now = self._clock()
            start = now if state.next_start is None else max(now, state.next_start)
            state.next_start = start + gap
        if start > now:
            await self._sleep(start - now)

    @asynccontextmanager
    async def slot(self, host: str, gap: float) -> AsyncIterator[None]:
        """Hold a request slot for ``host``, starting at least ``gap`` seconds after the previous start."""
        state = self._host(host)
        async with state.semaphore:
            await self._wait_turn(state, gap)
            async with self._global:
                yield
