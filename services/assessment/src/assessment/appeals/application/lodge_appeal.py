"""A candidate lodges an appeal against the recommendation on their own attempt: within the
window after it was published, one open appeal per attempt, a retry of the same submission
(its client id) applied once. Another's attempt is answered as one that does not exist. The
grounds are sealed under a key of the candidate's before they reach the log."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from assessment.appeals.application.on_record import AttemptsOnRecord
from assessment.appeals.domain.appeal import AppealLodged
from assessment.appeals.domain.docket import decide_lodge
from assessment.appeals.domain.window import AppealWindows
from assessment.shared.application.person_sealing import PersonSealing
from assessment.shared.application.repositories import Appeals, Dockets
from eventkit.conflicts import Race, on_fresh_state
from eventkit.key_store import KeyStoreUnavailable
from kompeten_contracts.errors import Kind, Refusal, conflict, not_found, refuse

GROUNDS_PURPOSE = "assessment/appeal-grounds"

LODGING = Race("attempt_id", "banding sedang diajukan bersamaan; coba lagi",
               "an appeal was lodged concurrently; retry")  # fmt: skip


def no_such_attempt() -> Refusal:
    return not_found("attempt_id", "asesmen tidak ditemukan", "no such assessment attempt")


@dataclass
class LodgeAppeal:
    appeals: Appeals
    dockets: Dockets
    on_record: AttemptsOnRecord
    store: Any
    uow: Any
    windows: AppealWindows
    clock: Callable[[], datetime]
    sealing: PersonSealing

    async def __call__(
        self, attempt_id: UUID, grounds: str, client_id: UUID, candidate_id: UUID | None
    ) -> tuple[UUID, bool]:
        """The appeal's id, and whether it is new (False: a retry of one already lodged)."""
        found = await self.on_record.of(attempt_id)
        if found is None or candidate_id is None or found.drawn.candidate_id != candidate_id:
            raise no_such_attempt()
        recommendation = found.recommendation
        if recommendation is None:
            raise conflict("attempt_id", "rekomendasi asesmen ini belum terbit",
                           "this attempt's recommendation is not published yet")  # fmt: skip

        async def attempt() -> tuple[UUID, bool]:
            docket = await self.dockets.load(attempt_id)
            last = docket.state.last
            last_open = last is not None and (await self.appeals.load(last)).state.open
            command = AppealLodged(
                appeal_id=uuid4(), attempt_id=attempt_id, attempt_no=recommendation.attempt_no,
                candidate_id=candidate_id, application_id=recommendation.application_id,
                lsp_id=recommendation.lsp_id, scheme_code=recommendation.scheme_code,
                session_id=recommendation.session_id, grounds=grounds, client_id=client_id,
                lodged_at=self.clock(),
            )  # fmt: skip
            closes = self.windows.closes_at(
                recommendation.scheme_code, recommendation.recommended_at
            )
            lodging = decide_lodge(docket.state, last_open, command, closes)
            if lodging.opened is None or lodging.lodged is None:
                return lodging.appeal_id, False
            lodged = await self.sealed(lodging.lodged)
            batches = [
                self.dockets.batch(
                    attempt_id, docket.version, [lodging.opened], actor=candidate_id
                ),
                self.appeals.batch(lodging.appeal_id, 0, [lodged], actor=candidate_id),
            ]
            async with self.uow.transaction() as tx:
                await self.store.append_many(batches, tx=tx)
            return lodging.appeal_id, True

        return await on_fresh_state(attempt, LODGING)

    async def sealed(self, lodged: AppealLodged) -> AppealLodged:
        """The grounds sealed under the candidate's key, bound to this appeal."""
        try:
            sealed = await self.sealing.seal(
                lodged.candidate_id, GROUNDS_PURPOSE, lodged.grounds.encode(), str(lodged.appeal_id)
            )
        except KeyStoreUnavailable as exc:
            raise conflict("grounds", "kunci data Anda belum dapat dibaca; coba lagi",
                           "your data key cannot be read now; try again") from exc  # fmt: skip
        if sealed is None:
            raise refuse("grounds", "data Anda telah dihapus atas permintaan Anda",
                         "your data was erased at your request", Kind.GONE)  # fmt: skip
        text = base64.b64encode(sealed).decode()
        return lodged.model_copy(update={"grounds": "", "sealed_grounds": text})
