"""An appeal's grounds, opened for the one reading them: the candidate who lodged it, or the
LSP's staff who route and decide it (every staff reading recorded in `personal_data_reads`).
Sealed under a key of the candidate's: once registration erases the person they read as erased,
never as an error; appeals lodged before sealing keep their grounds as written."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from assessment.appeals.application.lodge_appeal import GROUNDS_PURPOSE
from assessment.appeals.domain.appeal import AppealLodged
from assessment.shared.application.person_sealing import PersonSealing, ReadsLog
from eventkit.key_store import KeyStoreUnavailable


class GroundsStatus(StrEnum):
    SHOWN = "shown"
    ERASED = "erased"  # the candidate asked registration to erase them
    UNAVAILABLE = "unavailable"  # the key store did not answer: try again


@dataclass(frozen=True)
class Grounds:
    status: GroundsStatus
    text: str | None = None


@dataclass
class AppealGrounds:
    sealing: PersonSealing
    reads: ReadsLog

    async def opened(self, lodged: AppealLodged, reader: UUID, role: str, staff: bool) -> Grounds:
        if lodged.sealed_grounds is None:
            return Grounds(GroundsStatus.SHOWN, lodged.grounds)
        sealed = base64.b64decode(lodged.sealed_grounds)
        try:
            text = await self.sealing.open(
                lodged.candidate_id, GROUNDS_PURPOSE, sealed, str(lodged.appeal_id)
            )
        except KeyStoreUnavailable:
            return Grounds(GroundsStatus.UNAVAILABLE)
        if text is None:
            return Grounds(GroundsStatus.ERASED)
        if staff:
            await self.reads.record_reads([lodged.candidate_id], GROUNDS_PURPOSE, reader, role)
        return Grounds(GroundsStatus.SHOWN, text.decode())
