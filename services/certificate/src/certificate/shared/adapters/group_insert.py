"""Rows that many concurrent requests each must have written before they answer (a public
verification's record, a reading of a holder's name), written together: one INSERT and one
commit for all the rows that arrived while the previous write was in PostgreSQL.

Why: at hundreds of verifications a second, one INSERT and one commit (a WAL flush) per row
per request was most of the database's work and of a verification's wait (bench/README.md,
arm verify). Kept: every caller returns only once its own row is committed, or gets the
write's error; at low load a row is written at once (nothing waits for a batch to fill), and
there is at most one write in flight per kind of row."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

Rows = Sequence[tuple[Any, ...]]


class GroupInsert:
    def __init__(self, write: Callable[[Rows], Awaitable[None]]) -> None:
        self.write = write
        self._pending: list[tuple[tuple[Any, ...], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, *rows: tuple[Any, ...]) -> None:
        if not rows:
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._pending += [(row, done) for row in rows]
        if self._writer is None or self._writer.done():
            self._writer = loop.create_task(self._drain())
        await asyncio.shield(done)  # a caller that gives up does not cancel the others' write

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending, []
            waiting = list(dict.fromkeys(done for _, done in batch))
            try:
                await self.write([row for row, _ in batch])
            except Exception as exc:  # each caller gets the error as if it had written alone
                for done in waiting:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for done in waiting:
                if not done.done():
                    done.set_result(None)
