"""A session's decision document over HTTP: generated (a new version only when the session's
decisions changed), its versions listed, each version's signed PDF downloaded, and any PDF
checked against its signature and this LSP's log. The LSP's admins and decision makers only;
another LSP's session answers as one without decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel

from certificate.api.access import Follower
from certificate.api.root import Service
from certificate.decision_documents.domain.decision_document import DecisionDocumentSigned
from kompeten_contracts.errors import not_found
from servicekit.uploads import multipart_body, read_file_part

router = APIRouter(tags=["decision documents"])
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
# Versions count from 1; the column is a PostgreSQL integer, which a larger number overflows.
Version = Annotated[int, Path(ge=1, le=2**31 - 1, description="the version, from 1")]


class DocumentOut(BaseModel):
    session_id: UUID
    version: int
    sha256: str
    kid: str
    signature: str
    competent: int
    not_yet_competent: int
    generated_at: datetime
    generated_by: UUID | None
    pdf: str  # where to download it


class DocumentCheck(BaseModel):
    signature_valid: bool  # the PDF's own signature verifies against the key set
    on_record: bool  # and it is a version this LSP's log holds
    kid: str | None
    sha256: str | None
    session_id: UUID | None
    version: int | None
    latest_version: int | None  # a later version supersedes it when greater


def document_out(event: DecisionDocumentSigned) -> DocumentOut:
    competent = sum(e.outcome.value == "K" for e in event.entries)
    return DocumentOut(
        session_id=event.session_id, version=event.version, sha256=event.sha256, kid=event.kid,
        signature=event.signature, competent=competent,
        not_yet_competent=len(event.entries) - competent, generated_at=event.at,
        generated_by=event.by,
        pdf=f"/sessions/{event.session_id}/decision-document/versions/{event.version}.pdf",
    )  # fmt: skip


@router.post("/sessions/{session_id}/decision-document", response_model=DocumentOut)
async def generate_document(session_id: UUID, service: Service, staff: Follower) -> Any:
    """Sign the session's decisions as its decision document: a new version when decisions
    were added since the latest, otherwise the latest again."""
    handlers = service.features().decision_documents
    return document_out(await handlers.generate(staff.lsp_id, session_id, staff.account_id))


@router.get("/sessions/{session_id}/decision-document", response_model=list[DocumentOut])
async def list_versions(session_id: UUID, service: Service, staff: Follower) -> Any:
    versions = await service.features().decision_documents.versions(staff.lsp_id, session_id)
    return [document_out(v) for v in versions]


@router.get(
    "/sessions/{session_id}/decision-document/versions/{version}.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the signed PDF"}},
)
async def download_version(
    session_id: UUID, version: Version, service: Service, staff: Follower
) -> Response:
    pdf = await service.features().decision_documents.pdf(staff.lsp_id, session_id, version)
    if pdf is None:
        raise not_found("version", "versi dokumen keputusan tidak ditemukan",
                        "no such version of the decision document")  # fmt: skip
    name = f"berita-acara-{session_id}-v{version}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.post(
    "/decision-documents/checks",
    response_model=DocumentCheck,
    openapi_extra=multipart_body("file"),
)
async def check_document(request: Request, service: Service, staff: Follower) -> Any:
    """Check a decision document's PDF: its signature against the key set (an edited PDF
    fails), and whether it is a version in this LSP's log (and whether a later one exists)."""
    pdf, _ = await read_file_part(request, "file", MAX_DOCUMENT_BYTES)
    checked = await service.features().decision_documents.check(staff.lsp_id, pdf)
    found = checked.found
    return DocumentCheck(
        signature_valid=checked.check.valid, on_record=found is not None,
        kid=checked.check.kid, sha256=checked.check.sha256,
        session_id=found.session_id if found else None,
        version=found.version if found else None, latest_version=checked.latest_version,
    )  # fmt: skip
