"""The national authority's blanko numbers over HTTP: an LSP admin uploads the authority's XLSX
(certificate number -> blanko number); `dry_run` only checks. A file with any refused row
records nothing and answers every row's problems (422); otherwise each row's outcome: attached
(or would be), or unchanged (the same pair was attached before)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from certificate.api.access import Admin
from certificate.api.root import Service
from certificate.blanko.adapters.blanko_table import MAX_FILE_BYTES
from certificate.blanko.application.import_blanko import BlankoFileRefused, BlankoReport, Outcome
from servicekit.uploads import multipart_body, read_file_part

router = APIRouter(tags=["blanko numbers"])


class RowOut(BaseModel):
    row: int
    nomor_sertifikat: str
    nomor_blanko: str
    outcome: Outcome
    certificate_id: UUID | None


class ImportOut(BaseModel):
    import_id: UUID
    dry_run: bool
    attached: int
    unchanged: int
    rows: list[RowOut]


class RowError(BaseModel):
    field: str
    reason: str
    reason_en: str
    # Absent when the upload itself is refused (no file part, not multipart, too large): the
    # kit's error body, which this one extends.
    row: int | None = Field(None, description="the file's row the problem is in")


class RowErrors(BaseModel):
    errors: list[RowError]


def report_out(report: BlankoReport) -> ImportOut:
    return ImportOut(
        import_id=report.import_id, dry_run=report.dry_run,
        attached=report.count(Outcome.ATTACH), unchanged=report.count(Outcome.UNCHANGED),
        rows=[RowOut(row=r.row, nomor_sertifikat=r.certificate_number,
                     nomor_blanko=r.blanko_number, outcome=r.outcome,
                     certificate_id=r.certificate_id) for r in report.rows],
    )  # fmt: skip


@router.post(
    "/blanko-imports",
    response_model=ImportOut,
    status_code=201,
    responses={
        200: {"model": ImportOut, "description": "dry run: what would be attached"},
        422: {"model": RowErrors, "description": "every refused row's problems (or the upload's "
              "own, without a row); nothing recorded"},
    },
    openapi_extra=multipart_body("file"),
)  # fmt: skip
async def import_blanko(
    request: Request, response: Response, service: Service, admin: Admin, dry_run: bool = False
) -> Any:
    """Attach the national authority's blanko numbers (XLSX: nomor_sertifikat, nomor_blanko)
    to the LSP's certificates; `dry_run=true` only checks."""
    content, _ = await read_file_part(request, "file", MAX_FILE_BYTES)
    try:
        report = await service.features().blanko(admin.lsp_id, content, admin.account_id,
                                                 dry_run)  # fmt: skip
    except BlankoFileRefused as refused:
        errors = [RowError(field=p.field, reason=p.reason_id, reason_en=p.reason_en, row=r.row)
                  for r in refused.report.rows for p in r.problems]  # fmt: skip
        return JSONResponse(RowErrors(errors=errors).model_dump(), status_code=422)
    if dry_run:
        response.status_code = 200
    return report_out(report)
