"""Planning's checks of the hall and its people, answered by the sites and assessors features:
the test site may host the session (verified, equipped for the scheme, enough seats), each
assessor named may assess the scheme on the day, and which of them may take a candidate
(no conflict of interest) within the per-scheme limit."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from assessment.assessors.application.assessor_commands import AssessorCommands
from assessment.assessors.domain.assessor import Assessor
from assessment.assessors.domain.conflicts import CandidateFacts, blocking_reasons, eligibility
from assessment.assessors.domain.limits import CandidateLimits
from assessment.intake.application.application_accepted import AcceptedApplication
from assessment.planning.application.session_plan import SessionPlan
from assessment.planning.domain.assigning import Blocked
from assessment.planning.domain.notices import SiteFacts
from assessment.planning.domain.session import SessionScheduled
from assessment.sites.application.site_commands import SiteCommands
from assessment.sites.domain.hosting import site_can_host
from kompeten_contracts.errors import Kind, Refusal


class HallChecks:
    def __init__(
        self, sites: SiteCommands, assessors: AssessorCommands, limits: CandidateLimits
    ) -> None:
        self.sites = sites
        self.assessors = assessors
        self.limits = limits

    async def check_plan(self, plan: SessionPlan, lsp_id: UUID | None) -> None:
        """Refuses (409, every reason) a session the site cannot host or an assessor cannot
        run; an unknown site or assessor of this LSP is not found."""
        day = plan.starts_at.date()
        site = await self.sites.site(plan.site_id, lsp_id)
        refusal = site_can_host(site, plan.scheme_code, day, plan.capacity)
        problems = list(refusal.problems) if refusal else []
        for i, assessor_id in enumerate(plan.assessor_ids):
            assessor = await self.assessors.assessor(assessor_id, lsp_id)
            for reason in eligibility(assessor, plan.scheme_code, day, lsp_id):
                problems.append(reason.problem(f"assessor_ids[{i}]"))
        if problems:
            raise Refusal(problems, Kind.CONFLICT)

    async def site_facts(self, site_id: UUID, lsp_id: UUID | None) -> SiteFacts:
        registered = (await self.sites.site(site_id, lsp_id)).registered
        assert registered is not None  # site() answers registered sites only
        return SiteFacts(registered.name, registered.address)

    async def limit_for(self, scheme_code: str) -> int:
        return self.limits.for_scheme(scheme_code)

    async def eligible(
        self, plan: SessionScheduled, application: AcceptedApplication, on: datetime
    ) -> tuple[tuple[UUID, ...], tuple[Blocked, ...]]:
        facts = CandidateFacts(
            application.candidate_id, application.cooperative_id, plan.scheme_code,
            on_date=plan.starts_at.date(), lsp_id=plan.lsp_id,
        )  # fmt: skip
        free: list[UUID] = []
        blocked: list[Blocked] = []
        for assessor_id in plan.assessor_ids:
            assessor: Assessor = await self.assessors.assessor(assessor_id, plan.lsp_id)
            reasons = blocking_reasons(assessor, facts)
            if not reasons:
                free.append(assessor_id)
            blocked += [
                Blocked(
                    f"asesor {assessor_id}: {r.reason_id}", f"assessor {assessor_id}: {r.reason_en}"
                )
                for r in reasons
            ]
        return tuple(free), tuple(blocked)
