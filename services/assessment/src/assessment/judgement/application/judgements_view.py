"""Reading an attempt's judgement and recommendation, for the LSP's staff of that attempt."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.judgement.application.facts import RecommendationFacts
from assessment.judgement.domain.judgement import Judgement
from assessment.shared.application.repositories import Judgements
from kompeten_contracts.errors import not_found


@dataclass
class JudgementsView:
    judgements: Judgements
    facts: RecommendationFacts

    async def of(self, attempt_id: UUID, lsp_id: UUID | None) -> Judgement:
        found = await self.facts.of(attempt_id)
        if found is None or found.facts.lsp_id != lsp_id:
            raise not_found("attempt_id", "asesmen tidak ditemukan", "no such assessment attempt")
        return (await self.judgements.load(attempt_id)).state
