"""A training provider's completions file over HTTP: an XLSX of completed modules, recorded
all or nothing (dry run: only checked); a file with any bad row answers every row's problems."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Response, UploadFile
from fastapi.responses import JSONResponse

from assessment.api.access import TRAINING_RECORDERS
from assessment.api.root import Service
from assessment.training.api.training_bodies import RowError, RowErrors
from assessment.training.application.import_completions import (
    CompletionFile,
    CompletionFileRefused,
    ImportReport,
)
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["training"])
Recorder = Annotated[Principal, Depends(require_roles(*TRAINING_RECORDERS))]
ROW_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": RowErrors, "description": "Every problem of every row; nothing recorded"}
}


@router.post(
    "/training/completions/imports",
    status_code=201,
    response_model=ImportReport,
    responses=ROW_ERRORS,
)
async def import_completions(
    service: Service,
    recorder: Recorder,
    response: Response,
    file: Annotated[
        UploadFile,
        File(
            description="XLSX: kandidat, skema, modul, "
            "tanggal_selesai, referensi, pelatih (optional)"
        ),
    ],
    dry_run: bool = False,
) -> Any:
    """Record a file's completions (dry run: only check them). A file with any bad row records
    nothing: the answer lists every row's problems by row and column."""
    upload = CompletionFile(recorder.lsp_id, await file.read(), recorder.account_id, dry_run)
    try:
        report = await service.training().imports(upload)
    except CompletionFileRefused as refused:
        errors = [
            RowError(
                field=f"rows[{p.row}].{p.column}",
                reason=p.reason_id,
                reason_en=p.reason_en,
                row=p.row,
                column=p.column,
            )
            for p in refused.rows
        ]
        return JSONResponse(RowErrors(errors=errors).model_dump(), status_code=422)
    if dry_run:
        response.status_code = 200
    return report
