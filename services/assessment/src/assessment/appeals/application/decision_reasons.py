"""The reasons of an appeal's decision, written by the reviewer about one candidate (they may
quote the grounds): sealed under a key derived from the candidate's data key before they reach
the log, bound to the appeal, as the grounds are (appeal_grounds). After the person's erasure
they read as erased; a decision made after it keeps no reasons at all (`reasons_erased`), so the
appeal can still be decided. Decisions made before sealing keep their reasons as written and
read as they are: the event has both shapes (`reasons`, or `sealed_reasons`), no upcaster."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from uuid import UUID

from assessment.appeals.application.appeal_grounds import Grounds, GroundsStatus
from assessment.appeals.domain.appeal import Appeal, AppealDecided
from assessment.shared.application.person_sealing import PersonSealing, ReadsLog
from eventkit.key_store import KeyStoreUnavailable
from kompeten_contracts.errors import Refusal, conflict

REASONS_PURPOSE = "assessment/appeal-reasons"


def _unavailable() -> Refusal:
    return conflict("reasons", "kunci data kandidat belum dapat dibaca; coba lagi",
                    "the candidate's data key cannot be read now; try again")  # fmt: skip


@dataclass
class DecisionReasons:
    sealing: PersonSealing
    reads: ReadsLog

    async def sealed(self, decided: AppealDecided) -> AppealDecided:
        """The decision as the log keeps it: its reasons sealed (or dropped, once erased)."""
        try:
            sealed = await self.sealing.seal(
                decided.candidate_id, REASONS_PURPOSE, decided.reasons.encode(),
                str(decided.appeal_id),
            )  # fmt: skip
        except KeyStoreUnavailable as exc:
            raise _unavailable() from exc
        if sealed is None:
            return decided.model_copy(update={"reasons": "", "reasons_erased": True})
        text = base64.b64encode(sealed).decode()
        return decided.model_copy(update={"reasons": "", "sealed_reasons": text})

    async def in_clear(self, state: Appeal) -> Appeal:
        """The appeal with its decision's reasons opened, for the rules that compare a retried
        decision with the one held (erased: empty, so no retry matches; nothing recorded)."""
        decided = state.decided
        if decided is None or decided.sealed_reasons is None:
            return state
        try:
            text = await self._open(decided, decided.sealed_reasons)
        except KeyStoreUnavailable as exc:
            raise _unavailable() from exc
        return replace(state, decided=decided.model_copy(update={"reasons": text or ""}))

    async def opened(self, decided: AppealDecided, reader: UUID, role: str, staff: bool) -> Grounds:
        """The reasons for one reading them; every staff reading recorded."""
        if decided.reasons_erased:
            return Grounds(GroundsStatus.ERASED)
        if decided.sealed_reasons is None:
            return Grounds(GroundsStatus.SHOWN, decided.reasons)
        try:
            text = await self._open(decided, decided.sealed_reasons)
        except KeyStoreUnavailable:
            return Grounds(GroundsStatus.UNAVAILABLE)
        if text is None:
            return Grounds(GroundsStatus.ERASED)
        if staff:
            await self.reads.record_reads([decided.candidate_id], REASONS_PURPOSE, reader, role)
        return Grounds(GroundsStatus.SHOWN, text)

    async def _open(self, decided: AppealDecided, sealed: str) -> str | None:
        opened = await self.sealing.open(
            decided.candidate_id, REASONS_PURPOSE, base64.b64decode(sealed), str(decided.appeal_id)
        )
        return None if opened is None else opened.decode()
