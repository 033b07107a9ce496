"""Training before the test (diklat) over HTTP: an LSP's admins set the modules a scheme
requires; a training provider of the LSP (or its admin) records the modules candidates
completed, as a batch or an XLSX file; the LSP's planners see, per accepted candidate, which
modules are complete and which are missing. Each LSP sees only its own training records."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query

from assessment.api.access import PLANNER_ROLES, TRAINING_READERS, TRAINING_RECORDERS
from assessment.api.root import Service
from assessment.shared.domain.codes import DISTRICT_CODE, SCHEME_CODE
from assessment.training.api import completion_imports
from assessment.training.api.training_bodies import (
    CandidateTrainingOut,
    CompletionOut,
    CompletionsIn,
    Receipt,
    RequirementIn,
    RequirementOut,
    StatusOut,
    status_out,
)
from assessment.training.application.reported import Reported
from assessment.training.application.requirements import lsp_of
from assessment.training.domain.requirement import Module
from assessment.training.domain.training_record import Completion
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["training"])
router.include_router(completion_imports.router)
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
Recorder = Annotated[Principal, Depends(require_roles(*TRAINING_RECORDERS))]
Reader = Annotated[Principal, Depends(require_roles(*TRAINING_READERS))]
Planner = Annotated[Principal, Depends(require_roles(*PLANNER_ROLES))]
Code = Annotated[str, Path(pattern=SCHEME_CODE, max_length=80)]


@router.put("/training/requirements/{scheme_code}", response_model=RequirementOut)
async def set_requirement(
    scheme_code: Code, body: RequirementIn, service: Service, admin: Admin
) -> RequirementOut:
    """The modules a candidate must complete before being scheduled for the scheme (an empty
    list: none). Setting the same list again changes nothing."""
    modules = [Module(**m.model_dump()) for m in body.modules]
    requirement = await service.training().requirements.set(
        admin.lsp_id, scheme_code, modules, admin.account_id
    )
    return RequirementOut(scheme_code=scheme_code, modules=list(requirement.modules))


@router.get("/training/requirements/{scheme_code}", response_model=RequirementOut)
async def get_requirement(scheme_code: Code, service: Service, staff: Reader) -> RequirementOut:
    requirements = service.training().requirements
    found = await requirements.of(lsp_of(staff.lsp_id), scheme_code)
    return RequirementOut(scheme_code=scheme_code, modules=list(found.modules))


@router.post("/training/completions", response_model=list[Receipt])
async def record_completions(
    body: CompletionsIn, service: Service, recorder: Recorder
) -> list[Receipt]:
    """Record the modules candidates completed, all or none: any bad item refuses the batch,
    naming it (completions[i].field). A retry, or a module already recorded, applies once."""
    reported = [
        Reported(
            f"completions[{i}]",
            Completion(
                **{
                    **c.model_dump(),
                    "scheme_code": c.scheme_code.strip().upper(),
                    "module_code": c.module_code.strip().upper(),
                    "trainer_id": c.trainer_id or recorder.account_id,
                }
            ),
        )
        for i, c in enumerate(body.completions)
    ]
    outcomes = await service.training().record(recorder.lsp_id, reported, recorder.account_id)
    return [
        Receipt(client_id=c.client_id, outcome=o)
        for c, o in zip(body.completions, outcomes, strict=True)
    ]


@router.get("/training/status", response_model=list[StatusOut])
async def training_status(
    service: Service,
    staff: Planner,
    district_code: Annotated[str, Query(pattern=DISTRICT_CODE)],
    scheme_code: Annotated[str, Query(pattern=SCHEME_CODE, max_length=80)],
    limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
) -> list[StatusOut]:
    """Each accepted candidate of the district for the scheme: the modules required, complete
    and missing (`ready`: none missing)."""
    found = await service.training().status.of_district(
        staff.lsp_id, district_code, scheme_code, limit
    )
    return [status_out(s) for s in found]


@router.get("/training/candidates/{candidate_id}", response_model=CandidateTrainingOut)
async def candidate_training(
    candidate_id: UUID,
    service: Service,
    staff: Reader,
    scheme_code: Annotated[str | None, Query(pattern=SCHEME_CODE, max_length=80)] = None,
) -> CandidateTrainingOut:
    """The candidate's completions with this LSP, and the status per scheme (the one named,
    and every scheme they completed modules of)."""
    completions, statuses = await service.training().status.of_candidate(
        staff.lsp_id, candidate_id, [scheme_code] if scheme_code else []
    )
    return CandidateTrainingOut(
        candidate_id=candidate_id,
        completions=[CompletionOut(**e.model_dump()) for e in completions],
        schemes=[status_out(s) for s in statuses],
    )
