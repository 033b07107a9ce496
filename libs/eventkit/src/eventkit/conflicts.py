"""Lost races, answered once for every service. eventkit raises ConcurrencyError when
another writer appended to a stream after the handler loaded it (nothing of the append is
recorded); here, and only here, that becomes a 409 refusal.

Two ways, both load -> decide -> append inside:
- `on_fresh_state`: run the whole command again on fresh state, a few times, then refuse. For
  commands that are safe to run again from the start (applications, schemes).
- `refused_if_raced`: refuse at once. For commands whose transaction also claims things or
  sends mail (sign-up, sign-in, registration, erasure, cohort import bookkeeping).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from eventkit.store import ConcurrencyError
from kompeten_contracts.errors import Refusal, conflict

T = TypeVar("T")
ATTEMPTS = 3


@dataclass(frozen=True)
class Race:
    """What the refusal names: the field and the words of each language."""

    field: str
    reason_id: str
    reason_en: str

    def refusal(self) -> Refusal:
        return conflict(self.field, self.reason_id, self.reason_en)


ANY_STREAM = Race(
    "request", "data berubah bersamaan; silakan coba lagi", "changed concurrently; please try again"
)


@asynccontextmanager
async def refused_if_raced(race: Race = ANY_STREAM) -> AsyncIterator[None]:
    """Outermost, around the handler's transaction: `async with refused_if_raced(),
    uow.transaction() as tx:` (the transaction has rolled back when the refusal is raised)."""
    try:
        yield
    except ConcurrencyError as exc:
        raise race.refusal() from exc


async def on_fresh_state(
    attempt: Callable[[], Awaitable[T]], race: Race, attempts: int = ATTEMPTS
) -> T:
    for _ in range(attempts - 1):
        try:
            return await attempt()
        except ConcurrencyError:
            continue
    async with refused_if_raced(race):
        return await attempt()
