"""Reading an attempt's judgement and recommendation, for the LSP's staff of that attempt who see
the session's people (planning.domain.audience: its assessors, the heads of its site, the LSP's
admins): a judgement is about one candidate (K/BK per unit, the feedback exchanged), so any
other of the LSP's staff is refused (403 `session_id`)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.judgement.application.facts import RecommendationFacts
from assessment.judgement.domain.judgement import Judgement
from assessment.planning.application.session_audience import SessionAudience, Viewer
from assessment.shared.application.repositories import Judgements
from kompeten_contracts.errors import not_found


@dataclass
class JudgementsView:
    judgements: Judgements
    facts: RecommendationFacts
    audience: SessionAudience | None = None

    async def of(
        self, attempt_id: UUID, lsp_id: UUID | None, viewer: Viewer | None = None
    ) -> Judgement:
        found = await self.facts.of(attempt_id)
        if found is None or found.facts.lsp_id != lsp_id:
            raise not_found("attempt_id", "asesmen tidak ditemukan", "no such assessment attempt")
        if viewer is not None:
            assert self.audience is not None and found.session.plan is not None
            await self.audience.require_people(found.session.plan, viewer)
        return (await self.judgements.load(attempt_id)).state
