"""Question banks over HTTP, for an LSP's staff only, each LSP's banks to its own staff: its
admins import a bank file (XLSX; a dry run only checks it) and publish the draft as a version;
its staff read the banks and a published version whole, correct options included. No
candidate ever reads a bank: correct options are secret."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Path, Query, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from assessment.api.access import Planner
from assessment.api.root import Service
from assessment.banks.application.bank_commands import BankUpload
from assessment.banks.application.import_report import ImportReport
from assessment.banks.domain.bank_file import BankFileRefused
from assessment.banks.domain.bank_items import SCHEME_CODE
from assessment.banks.domain.question_bank import DEFAULT_PER_UNIT
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["question banks"])
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
Code = Annotated[str, Path(pattern=SCHEME_CODE, max_length=80)]
Number = Annotated[int, Path(ge=1, le=100_000)]


class RowError(BaseModel):
    field: str  # rows[<row>].<column>, as in every error body
    reason: str
    reason_en: str
    # Of a row's problem; absent when the 422 refuses a parameter, not the file's rows.
    row: int | None = None
    column: str | None = None


class RowErrors(BaseModel):
    errors: list[RowError]


class PublishBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Multiple-choice questions one draw takes per unit.
    per_unit: int = Field(default=DEFAULT_PER_UNIT, ge=1, le=100)
    # The draft the admin reviewed; refused if the bank's draft is another by now.
    draft_version: int | None = Field(default=None, ge=1)


class BankVersionRef(BaseModel):
    scheme_code: str
    version: int


class BankOut(BaseModel):
    scheme_code: str
    published_version: int | None
    published_at: datetime | None
    draft_version: int | None
    draft_scheme_version: int | None
    draft_items: int | None
    changed_at: datetime


ROW_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": RowErrors, "description": "Every problem of every row; nothing imported"}
}


@router.post("/banks/{scheme_code}/imports", status_code=201, response_model=ImportReport,
             responses=ROW_ERRORS)  # fmt: skip
async def import_bank(
    scheme_code: Code,
    service: Service,
    admin: Admin,
    response: Response,
    file: Annotated[
        UploadFile,
        File(description="XLSX: kode, jenis, unit, teks, opsi_a-e, kunci, panduan, kelompok"),
    ],
    dry_run: bool = False,
    scheme_version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Any:
    """Replace the draft of the LSP's bank for the scheme with the file's rows (dry run: only
    check them). A file with any bad row changes nothing: the answer lists every row's problems."""
    upload = BankUpload(admin.lsp_id, scheme_code, await file.read(), admin.account_id,
                        scheme_version, dry_run)  # fmt: skip
    try:
        report = await service.banks().import_file(upload)
    except BankFileRefused as refused:
        errors = [RowError(field=f"rows[{p.row}].{p.column}", reason=p.reason_id,
                           reason_en=p.reason_en, row=p.row, column=p.column)
                  for p in refused.rows]  # fmt: skip
        return JSONResponse(RowErrors(errors=errors).model_dump(), status_code=422)
    if dry_run:
        response.status_code = 200
    return report


@router.post("/banks/{scheme_code}/versions", status_code=201, response_model=BankVersionRef)
async def publish_bank(
    scheme_code: Code, body: PublishBody, service: Service, admin: Admin
) -> BankVersionRef:
    """Publish the draft as the next version, once every unit of the scheme version has enough
    multiple-choice questions for a draw (`per_unit`); the refusal names each unit short of it."""
    version = await service.banks().publish(admin.lsp_id, scheme_code, admin.account_id,
                                            body.per_unit, body.draft_version)  # fmt: skip
    return BankVersionRef(scheme_code=scheme_code, version=version)


@router.get("/banks", response_model=list[BankOut])
async def list_banks(service: Service, staff: Planner) -> Any:
    return await service.published_banks().banks(staff.lsp_id)


@router.get("/banks/{scheme_code}/versions/{version}")
async def bank_version(
    scheme_code: Code, version: Number, service: Service, staff: Planner
) -> dict[str, Any]:
    """A published version whole: questions with their correct options, and the instruments
    per unit. For the LSP's staff only."""
    found = await service.published_banks().published(staff.lsp_id, scheme_code, version)
    return {
        "scheme_code": found.scheme_code,
        "version": found.version,
        "scheme_version": found.scheme_version,
        "per_unit": found.per_unit,
        "published_at": found.published_at,
        "questions": [q.model_dump(mode="json") for q in found.questions],
        "instruments": [u.model_dump(mode="json") for u in found.instruments],
    }
