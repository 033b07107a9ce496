"""The candidates' names on the assessor's roster, so identity can be checked at the door
(issue 10, capability 11). A name is personal data: it comes from registration sealed under the
person's key on the internal personal-data topic, is kept sealed, and is opened only for a
roster's reader allowed to see it (the API decides who, by planning.domain.audience: the
session's assessors, the LSP's admins and the heads of the session's test site), each opening
recorded with the reader; nothing opened is kept. Once registration erases the person the
name is gone here too: the line says so, without it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from eventkit.sealed_copies import Readable, SealedPersonalData

PURPOSE = "roster"  # why it was read, in the access log (personal_data_reads)


class NameStatus(StrEnum):
    SHOWN = "shown"
    ERASED = "erased"  # the person asked registration to erase them
    NOT_RECEIVED = "not_received"  # registration's sealed details have not arrived (yet)
    UNAVAILABLE = "unavailable"  # the key store did not answer: try again
    WITHHELD = "withheld"  # the caller is not one who sees this session's people: not opened


LABELS = {
    NameStatus.ERASED: "dihapus atas permintaan (erased at the person's request)",
    NameStatus.NOT_RECEIVED: "nama belum diterima (name not received yet)",
    NameStatus.UNAVAILABLE: "nama belum dapat dibuka, coba lagi (name cannot be opened now)",
    NameStatus.WITHHELD: "nama hanya untuk asesor sesi, kepala TUK sesi dan admin LSP"
    " (names are for the session's assessors, its site's heads and the LSP's admins)",
}
STATUS = {
    Readable.READABLE: NameStatus.SHOWN,
    Readable.ERASED: NameStatus.ERASED,
    Readable.UNAVAILABLE: NameStatus.UNAVAILABLE,
}


@dataclass(frozen=True)
class CandidateName:
    status: NameStatus
    full_name: str | None = None

    @property
    def label(self) -> str:
        """What the roster shows: the name, or why there is none."""
        return self.full_name or LABELS[self.status]


@dataclass
class CandidateNames:
    sealed: SealedPersonalData

    async def for_roster(
        self, candidate_ids: Sequence[UUID], reader: UUID, role: str
    ) -> dict[UUID, CandidateName]:
        """Every one of `candidate_ids`, named where the name can be read; the reading of each
        name is recorded as `reader`'s (the caller has checked they may read them)."""
        opened = await self.sealed.open(candidate_ids, PURPOSE, reader, role)
        names = {c: CandidateName(NameStatus.NOT_RECEIVED) for c in candidate_ids}
        for candidate, found in opened.items():
            status, name = STATUS[found.readable], found.fields.get("full_name") or None
            if status is NameStatus.SHOWN and name is None:
                status = NameStatus.NOT_RECEIVED  # sealed without a name: nothing to show
            names[candidate] = CandidateName(status, name)
        return names

    @staticmethod
    def withheld(candidate_ids: Sequence[UUID]) -> dict[UUID, CandidateName]:
        """For a caller who does not see the session's people: nothing opened, nothing read."""
        return {c: CandidateName(NameStatus.WITHHELD) for c in candidate_ids}
