"""Recommendations as assessment publishes them, for certificate's tests: a complete
RecommendationPublishedV1 with every unit K (or one BK), and the same as the domain's command."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from kompeten_contracts.assessment import OutcomeV1, RecommendationPublishedV1, UnitOutcomeV1

AT = datetime(2026, 11, 23, 9, tzinfo=UTC)
UNITS = ("M.702090.001.01", "M.702090.002.01", "M.702090.003.01")


def recommendation(
    lsp_id: UUID | None = None,
    assessor_ids: tuple[UUID, ...] | None = None,
    session_id: UUID | None = None,
    competent: bool = True,
    scheme_code: str = "KOP-KASIR",
    **changes: Any,
) -> RecommendationPublishedV1:
    outcomes = [OutcomeV1.COMPETENT] * len(UNITS)
    if not competent:
        outcomes[-1] = OutcomeV1.NOT_YET_COMPETENT
    fields: dict[str, Any] = {
        "attempt_id": uuid4(),
        "attempt_no": 1,
        "candidate_id": uuid4(),
        "application_id": uuid4(),
        "lsp_id": lsp_id or uuid4(),
        "scheme_code": scheme_code,
        "scheme_version": 1,
        "session_id": session_id or uuid4(),
        "district_code": "5107",
        "units": [
            UnitOutcomeV1(unit_code=c, outcome=o) for c, o in zip(UNITS, outcomes, strict=True)
        ],
        "overall": OutcomeV1.COMPETENT if competent else OutcomeV1.NOT_YET_COMPETENT,
        "assessor_ids": list(assessor_ids or (uuid4(),)),
        "recommended_at": AT,
    }
    return RecommendationPublishedV1(**{**fields, **changes})
