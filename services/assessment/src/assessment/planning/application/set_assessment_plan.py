"""The LSP admin or one of the session's assessors sets the assessment plan (FR.MAPA.01): per
unit, the instruments chosen from what the LSP's latest published bank version for the
session's scheme version offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from assessment.planning.application.assign_candidates import session_not_found
from assessment.planning.application.ports import InstrumentOffers
from assessment.planning.domain.assessment_plan import decide_plan
from assessment.planning.domain.session_changes import AssessmentPlanSet
from assessment.shared.application.repositories import Sessions
from eventkit.conflicts import refused_if_raced


@dataclass
class SetAssessmentPlan:
    sessions: Sessions
    offers: InstrumentOffers
    clock: Callable[[], datetime]

    async def __call__(
        self,
        session_id: UUID,
        chosen: dict[str, list[str]],
        lsp_id: UUID | None,
        by: UUID,
        is_admin: bool,
    ) -> AssessmentPlanSet:
        loaded = await self.sessions.load(session_id)
        plan = loaded.state.plan
        if plan is None or plan.lsp_id != lsp_id:
            raise session_not_found()
        bank_version, offer = await self.offers.offer(lsp_id, plan.scheme_code, plan.scheme_version)
        events = decide_plan(loaded.state, bank_version, offer, chosen, by, is_admin, self.clock())
        async with refused_if_raced():
            await self.sessions.append(session_id, loaded.version, events, actor=by)
        if events:
            return events[0]
        assert loaded.state.mapa is not None
        return loaded.state.mapa
