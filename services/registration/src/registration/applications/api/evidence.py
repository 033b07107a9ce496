"""Evidence documents of an application: upload (multipart, one file) and download. Only the
content decides the type; the client's file name is only kept, made safe, for display."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from kompeten_contracts.errors import Kind, refuse
from registration.api.root import Service
from registration.applications.api.applications import Candidate, Reader, ctx, own, scope
from registration.applications.application.upload_evidence import download_evidence, upload_evidence
from registration.applications.domain.evidence import MAX_EVIDENCE_BYTES
from registration.identity.application.ports import Actor
from servicekit.uploads import multipart_body, read_file_part

router = APIRouter(tags=["evidence"])


@router.post(
    "/applications/{application_id}/evidence",
    status_code=201,
    responses={200: {"description": "The same document again: the stored one"}},
    openapi_extra=multipart_body("file"),
)
async def upload(
    application_id: UUID,
    principal: Candidate,
    request: Request,
    response: Response,
    service: Service,
) -> dict[str, Any]:
    """One document (PDF, JPEG or PNG, at most 5 MB) in the multipart field `file`. The body is
    read as it streams in and refused at the limit, with or without Content-Length."""
    content, file_name = await read_file_part(request, "file", MAX_EVIDENCE_BYTES)
    record, new = await upload_evidence(
        ctx(service), own(principal), application_id, content, file_name
    )
    if not new:
        response.status_code = 200
    return {
        "evidence_id": str(record.evidence_id),
        "sha256": record.sha256,
        "media_type": record.media_type,
        "size": record.size,
        "file_name": record.file_name,
    }


@router.get("/applications/{application_id}/evidence/{evidence_id}")
async def download(
    application_id: UUID, evidence_id: UUID, principal: Reader, service: Service
) -> Response:
    reader = Actor(
        principal.account_id, principal.role, principal.candidate_id, lsp_id=principal.lsp_id
    )
    record, content = await download_evidence(
        ctx(service), scope(principal), application_id, evidence_id, reader
    )
    if content is None:
        raise refuse("evidence_id", "dokumen telah dihapus", "the document was erased", Kind.GONE)
    # Served as an attachment under its sniffed type, never rendered inline by the browser.
    headers = {
        "Content-Disposition": f'attachment; filename="{record.file_name}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(content, media_type=record.media_type, headers=headers)
