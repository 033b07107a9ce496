"""The holder's name as printing reads it: from the holders feature's sealed details, opened
with the holder's own key from the installation's key store, each opening recorded in
personal_data_reads (whose, why: `purpose`, by whom) as every reading of the holders feature
is. A holder erased at their request (the key gone) is said so; one whose details have not
arrived, or whose key store did not answer, has no name yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from certificate.holders.application.holder_details import HolderDetails, Purpose, Readable
from certificate.printing.application.ports import ReadNames


@dataclass
class SealedHolderNames:
    details: HolderDetails
    purpose: Purpose = Purpose.PRINT

    async def names_of(self, candidate_ids: Iterable[UUID], actor: UUID | None = None) -> ReadNames:
        wanted = list(dict.fromkeys(candidate_ids))
        if not wanted:
            return ReadNames()
        found = await self.details.of(wanted, self.purpose, actor)
        names = {c: h.full_name for c, h in found.items()
                 if h.readable is Readable.READABLE and h.full_name}  # fmt: skip
        erased = frozenset(c for c, h in found.items() if h.readable is Readable.ERASED)
        return ReadNames(names, erased)
