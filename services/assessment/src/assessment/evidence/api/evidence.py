"""Evidence files of a session over HTTP: the session's assessors (from the tablet, once the
hall's network lets them) and its LSP's admins upload photos, scans and interviews' audio, one
file per request in the multipart field `file`, for one candidate (`candidate_id`, the query),
and read them back by their SHA-256. Only the content decides the type; the client's file name
is not kept (it may name the candidate). A file of an erased candidate answers 410."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel

from assessment.api.access import Runner
from assessment.api.root import Service
from assessment.capture.api.capture import recorder
from assessment.evidence.domain.evidence_file import EvidenceFileReceived
from assessment.evidence.domain.media import LIMITS, MAX_EVIDENCE_BYTES
from servicekit.uploads import multipart_body, read_file_part

router = APIRouter(tags=["evidence"])
ContentHash = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="SHA-256, hex")]


class EvidenceFileOut(BaseModel):
    session_id: UUID
    candidate_id: UUID | None  # None: a file received before files were kept per candidate
    content_hash: str
    media_type: str
    size_bytes: int
    received_at: datetime


def file_out(file: EvidenceFileReceived) -> EvidenceFileOut:
    return EvidenceFileOut(**file.model_dump(exclude={"uploaded_by", "stored_as"}))


@router.post(
    "/sessions/{session_id}/evidence",
    status_code=201,
    response_model=EvidenceFileOut,
    responses={200: {"description": "The session held this file already: the same answer"}},
    openapi_extra=multipart_body("file"),
)
async def upload(
    session_id: UUID,
    request: Request,
    response: Response,
    service: Service,
    staff: Runner,
    candidate_id: Annotated[UUID, Query(description="whose evidence: a candidate of the session")],
) -> EvidenceFileOut:
    """A photo (JPEG, PNG, WebP) or scan (PDF) of at most 20 MB, or an interview's audio (M4A,
    AAC, MP3, OGG, WAV, WebM) of at most 60 MB, read as it streams in and refused at the limit; kept
    sealed under a key of the candidate's."""
    evidence, by = service.evidence(), recorder(staff)
    await evidence.check_access(session_id, by, candidate_id)  # before a large body is read
    content, _ = await read_file_part(request, "file", MAX_EVIDENCE_BYTES)
    received = await evidence.upload(session_id, by, candidate_id, content)
    if not received.new:
        response.status_code = 200
    return file_out(received.file)


@router.get(
    "/sessions/{session_id}/evidence/{content_hash}",
    response_class=Response,
    responses={200: {"content": {kind: {} for kind in LIMITS}, "description": "The file"}},
)
async def download(
    session_id: UUID, content_hash: ContentHash, service: Service, staff: Runner
) -> Response:
    held, content = await service.evidence().download(
        session_id, content_hash, recorder(staff), staff.role.value
    )
    # Served as an attachment under its sniffed type, never rendered inline by the browser.
    headers = {
        "Content-Disposition": f'attachment; filename="{content_hash}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, max-age=86400, immutable",  # the hash names the content
    }
    return Response(content, media_type=held.media_type, headers=headers)
