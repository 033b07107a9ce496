"""What holds an issued certificate back from print, as far as certification knows today:
assessment publishes no appeal events yet (no appeal is known open), and the holder's agreement
is being built beside this feature (not tracked: it holds nothing until it is). Each answer
becomes a query of the read model that records it when those events exist."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID


class NoHoldsKnownYet:
    async def appeals_open(self, attempt_ids: Iterable[UUID]) -> set[UUID]:
        return set()

    async def agreements_signed(self, certificate_ids: Iterable[UUID]) -> dict[UUID, bool]:
        return {}
