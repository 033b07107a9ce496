"""Policy: when registration says a candidate registered, put them in assessment's pool."""

from __future__ import annotations

from typing import Any

from assessment.intake.application.ports import CandidatePool, PooledCandidate
from kompeten_contracts.registration import CandidateRegisteredV1


async def when_candidate_registered(
    pool: CandidatePool, tx: Any, event: CandidateRegisteredV1
) -> None:
    await pool.add(
        tx, PooledCandidate(event.candidate_id, event.district_code, event.registered_at)
    )
