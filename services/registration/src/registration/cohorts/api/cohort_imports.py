"""Cohort import by a district operator (or LSP admin): upload a CSV/XLSX for a dry run, read
the report, commit, follow its progress. Commit registers the valid rows and reports the
invalid ones (it does not refuse the whole file for a few bad rows)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, File, Response, UploadFile
from pydantic import BaseModel

from kompeten_contracts.errors import Refusal, not_found
from kompeten_contracts.roles import Role
from registration.api.root import Service
from registration.cohorts.application.cohort_import_view import ImportView
from registration.cohorts.application.prepare_cohort_import import CohortUpload
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["cohort imports"])
Operator = Annotated[Principal, Depends(require_roles(Role.DISTRICT_OPERATOR, Role.LSP_ADMIN))]


class RowError(BaseModel):
    row: int
    field: str
    reason: str
    reason_en: str


class CohortImportBody(BaseModel):
    import_id: UUID
    state: str
    total_rows: int
    valid_rows: int
    invalid_rows: int
    processed: int
    registered: int
    skipped: int
    failure: str | None
    errors: list[RowError]
    preview: list[dict[str, Any]]


def _not_found() -> Refusal:
    return not_found("import_id", "impor tidak ditemukan", "no such import")


async def _view(service: Service, import_id: UUID, who: Principal) -> CohortImportBody:
    cohorts = service.cohort()
    found: ImportView | None = await cohorts.imports.get(import_id, who.account_id, who.role)
    if found is None:
        raise _not_found()
    return CohortImportBody(**{k: v for k, v in found.__dict__.items() if k != "operator_id"})


SAME_FILE: dict[int | str, dict[str, Any]] = {
    200: {"model": CohortImportBody, "description": "The same file again"}
}


@router.post(
    "/cohort-imports", status_code=201, response_model=CohortImportBody, responses=SAME_FILE
)
async def upload_cohort(
    service: Service, response: Response, who: Operator, file: Annotated[UploadFile, File()]
) -> CohortImportBody:
    """Dry run: every row checked, nothing registered. The report names each bad row."""
    content = await file.read()
    districts = frozenset(who.districts) if who.role is Role.DISTRICT_OPERATOR else None
    prepared = await service.cohort().prepare(CohortUpload(who.account_id, content, districts))
    if prepared.replayed:
        response.status_code = 200
    return await _view(service, prepared.import_id, who)


@router.get("/cohort-imports/{import_id}", response_model=CohortImportBody)
async def cohort_import(import_id: UUID, service: Service, who: Operator) -> CohortImportBody:
    return await _view(service, import_id, who)


@router.post("/cohort-imports/{import_id}/commit", status_code=202, response_model=CohortImportBody)
async def commit_cohort(import_id: UUID, service: Service, who: Operator) -> CohortImportBody:
    """Register the valid rows in the background; GET the import to follow its progress
    (state prepared, running, done, failed, or interrupted: its commit's process died). A
    failed or interrupted commit is resumed by committing again (and an interrupted one when
    the service starts); a finished one changes nothing."""
    view = await _view(service, import_id, who)
    if view.state != "done":
        service.cohort().start_commit(import_id, who.account_id)
    return view
