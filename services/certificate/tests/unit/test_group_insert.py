"""Rows written together for concurrent callers: each caller is back only once its own row is
written, the rows that arrive during a write go in the next one (not one write each), and a
failed write reaches every caller whose row it carried and no other."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from certificate.shared.adapters.group_insert import GroupInsert, Rows


class Table:
    def __init__(self, fail_on: Any = None) -> None:
        self.writes: list[list[tuple[Any, ...]]] = []
        self.fail_on = fail_on
        self.gate = asyncio.Event()

    async def write(self, rows: Rows) -> None:
        await self.gate.wait()  # the write takes a while: others arrive meanwhile
        if any(self.fail_on in row for row in rows):
            raise RuntimeError("refused by the database")
        self.writes.append(list(rows))


async def test_rows_arriving_during_a_write_go_in_the_next_one() -> None:
    table = Table()
    rows = GroupInsert(table.write)
    first = asyncio.create_task(rows.add((1,)))
    await asyncio.sleep(0)
    later = [asyncio.create_task(rows.add((n,), (n * 10,))) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    assert not first.done() and table.writes == []
    table.gate.set()
    await asyncio.gather(first, *later)
    assert table.writes == [[(1,)], [(2,), (20,), (3,), (30,), (4,), (40,)]]


async def test_a_failed_write_reaches_the_callers_it_carried_only() -> None:
    table = Table(fail_on="bad")
    rows = GroupInsert(table.write)
    ok = asyncio.create_task(rows.add(("good",)))
    await asyncio.sleep(0)
    bad = [asyncio.create_task(rows.add(("bad",))), asyncio.create_task(rows.add(("also",)))]
    table.gate.set()
    await ok
    for task in bad:
        with pytest.raises(RuntimeError, match="refused"):
            await task
    await rows.add(("after",))  # the next write goes ahead
    assert table.writes == [[("good",)], [("after",)]]
