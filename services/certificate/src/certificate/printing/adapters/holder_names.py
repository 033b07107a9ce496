"""The holder's name as printing reads it. Names reach certification sealed, on the internal
personal-data path (docs/certificate.md, "The holder's name"), which is being built beside this
feature: until it is wired, no name is readable here, and every certificate waits in its batch
as "name missing" rather than printing without one."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID


class NoHolderNamesYet:
    async def names_of(self, candidate_ids: Iterable[UUID]) -> dict[UUID, str]:
        return {}
