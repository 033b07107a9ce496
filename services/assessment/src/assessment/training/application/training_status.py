"""What the planner sees of training before a test: per accepted candidate of a district and
scheme, the modules the LSP requires, which are complete and which are missing (from the
completions' read model); one candidate's record from their stream; and, for planning's
assignment, the modules each candidate still misses, read from their streams (never stale)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from assessment.intake.application.application_accepted import AcceptedApplications
from assessment.training.application.ports import CompletionsView
from assessment.training.application.requirements import RequirementCommands, lsp_of
from assessment.training.application.training_repositories import Records, records
from assessment.training.domain.requirement import Module
from assessment.training.domain.training_record import ModuleCompleted, missing_modules


@dataclass(frozen=True)
class CandidateStatus:
    candidate_id: UUID
    application_id: UUID | None
    scheme_code: str
    required: list[Module]
    completed: dict[str, date]  # module code -> completed on
    missing: list[Module]

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass
class TrainingStatus:
    requirements: RequirementCommands
    applications: AcceptedApplications
    view: CompletionsView

    @property
    def streams(self) -> Records:
        return records(self.requirements.store)

    async def of_district(
        self, lsp_id: UUID | None, district_code: str, scheme_code: str, limit: int = 1000
    ) -> list[CandidateStatus]:
        owner = lsp_of(lsp_id)
        found = await self.applications.in_district(district_code, limit, owner)
        accepted = [a for a in found if a.scheme_code == scheme_code]
        required = (await self.requirements.of(owner, scheme_code)).modules
        done = await self.view.completed(owner, scheme_code, [a.candidate_id for a in accepted])
        return [
            status(
                a.candidate_id,
                a.application_id,
                scheme_code,
                required,
                done.get(a.candidate_id, {}),
            )
            for a in accepted
        ]

    async def of_candidate(
        self, lsp_id: UUID | None, candidate_id: UUID, scheme_codes: Sequence[str] = ()
    ) -> tuple[list[ModuleCompleted], list[CandidateStatus]]:
        """Every completion recorded for the candidate with this LSP, and the status for each
        scheme named or found among them."""
        owner = lsp_of(lsp_id)
        loaded = await self.streams.load((owner, candidate_id))
        schemes = dict.fromkeys([*scheme_codes, *(e.scheme_code for e in loaded.events)])
        statuses = []
        for code in schemes:
            requirement = await self.requirements.of(owner, code)
            completed = {
                e.module_code: e.completed_on for e in loaded.events if e.scheme_code == code
            }
            statuses.append(status(candidate_id, None, code, requirement.modules, completed))
        return loaded.events, statuses

    async def missing(
        self, lsp_id: UUID, scheme_code: str, candidate_ids: Sequence[UUID]
    ) -> dict[UUID, tuple[Module, ...]]:
        """Each candidate who has not completed every module the LSP requires for the scheme,
        with the modules they miss; none when the scheme requires no training."""
        requirement = await self.requirements.of(lsp_id, scheme_code)
        if not requirement.modules:
            return {}
        missing = {}
        for candidate_id in dict.fromkeys(candidate_ids):
            record = (await self.streams.load((lsp_id, candidate_id))).state
            if lacking := missing_modules(record, requirement, scheme_code):
                missing[candidate_id] = lacking
        return missing


def status(
    candidate_id: UUID,
    application_id: UUID | None,
    scheme_code: str,
    required: Sequence[Module],
    completed: dict[str, date],
) -> CandidateStatus:
    missing = [m for m in required if m.code not in completed]
    return CandidateStatus(
        candidate_id, application_id, scheme_code, list(required), completed, missing
    )
