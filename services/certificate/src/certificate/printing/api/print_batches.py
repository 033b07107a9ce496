"""Print batches over HTTP: an LSP admin asks for a cohort's (a session's) or a selection's
certificates to be printed, follows the batch's progress and who is missing and why, downloads
the one merged print file, and runs a batch again (nothing printed twice unless a reprint with
a reason is asked). Decision makers follow batches too."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, cast
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from certificate.api.access import Admin, Follower
from certificate.api.root import Service
from certificate.printing.domain.print_batch import PrintBatch, Scope
from certificate.printing.domain.readiness import EXPLAINED, Member, Reason, Status
from kompeten_contracts.errors import conflict, not_found

router = APIRouter(tags=["printing"])
MOST = 2000


class BatchBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: UUID | None = Field(None, description="the cohort: an assessment session")
    certificate_ids: Annotated[list[UUID], Field(max_length=MOST)] = Field(
        default_factory=list, description="or a selection of the LSP's certificates"
    )
    expected_candidate_ids: Annotated[list[UUID], Field(max_length=MOST)] = Field(
        default_factory=list,
        description="members of the session the LSP expects whose result has not arrived",
    )
    reprint: StrictBool = Field(False, description="print again what an earlier batch printed")
    reason: Annotated[str, Field(max_length=1000)] | None = Field(
        None, description="why: required for a reprint"
    )
    client_id: UUID | None = Field(None, description="the same id sent again is one batch")


class RerunBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reprint: StrictBool = False
    reason: Annotated[str, Field(max_length=1000)] | None = None
    client_id: UUID | None = None


class MemberOut(BaseModel):
    candidate_id: UUID
    attempt_id: UUID | None
    certificate_id: UUID | None
    number: str | None
    status: Status
    reason: Reason | None
    reason_id: str | None = Field(description="why not printed, Bahasa Indonesia")
    reason_en: str | None
    printed_in: UUID | None = Field(description="the batch that printed it first")


class CountsOut(BaseModel):
    members: int
    ready: int
    printed_before: int
    missing: int
    carried: int = Field(description="missing for a reason that may pass: followed up")
    rendered: int
    skipped: int


class SkippedOut(BaseModel):
    certificate_id: UUID
    reason: Reason


class BatchOut(BaseModel):
    batch_id: UUID
    session_id: UUID | None
    certificate_ids: list[UUID]
    reprint: bool
    reason: str | None
    follow_up_of: UUID | None
    follow_up_id: UUID | None
    requested_at: datetime
    state: str = Field(description="making (pages being made) or printed")
    counts: CountsOut
    percentage: int = Field(description="pages made of those ready, 0-100")
    pages: int | None
    sha256: str | None
    size_bytes: int | None
    members: list[MemberOut]
    skipped: list[SkippedOut]


class BatchSummaryOut(BaseModel):
    batch_id: UUID
    session_id: UUID | None
    follow_up_of: UUID | None
    follow_up_id: UUID | None
    reprint: bool
    requested_at: datetime
    state: str
    percentage: int
    ready: int
    carried: int
    pages: int | None


def percentage(due: int, done: int, merged: bool) -> int:
    """Pages made of those ready; 100 only once the file is whole."""
    return 100 if merged else (99 * done // due if due else 0)


def batch_out(state: PrintBatch) -> BatchOut:
    requested = state.requested
    assert requested is not None
    members = [_member(m) for m in requested.members]
    count = {status: sum(m.status is status for m in members) for status in Status}
    merged = state.merged
    skipped = [SkippedOut(certificate_id=c, reason=r) for c, r in state.skipped_reasons]
    return BatchOut(
        batch_id=requested.batch_id, session_id=requested.scope.session_id,
        certificate_ids=list(requested.scope.certificate_ids), reprint=requested.reprint,
        reason=requested.reason, follow_up_of=requested.follow_up_of,
        follow_up_id=state.follow_up_id, requested_at=requested.at,
        state="printed" if merged else "making",
        counts=CountsOut(members=len(members), ready=count[Status.READY],
                         printed_before=count[Status.PRINTED_BEFORE],
                         missing=count[Status.MISSING], carried=len(state.carried),
                         rendered=len(state.rendered), skipped=len(skipped)),
        percentage=percentage(len(state.due), len(state.rendered) + len(skipped),
                              merged is not None),
        pages=merged.pages if merged else None, sha256=merged.sha256 if merged else None,
        size_bytes=merged.size_bytes if merged else None, members=members, skipped=skipped,
    )  # fmt: skip


def _member(found: Member) -> MemberOut:
    words = EXPLAINED[found.reason] if found.reason else (None, None)
    return MemberOut(**found.model_dump(), reason_id=words[0], reason_en=words[1])


def no_such_batch() -> Exception:
    return not_found("batch_id", "batch cetak tidak ditemukan", "no such print batch")


async def _batch(service: Any, lsp_id: UUID | None, batch_id: UUID) -> PrintBatch:
    state = await service.features().printing.batch(batch_id)
    if state.requested is None or state.requested.lsp_id != lsp_id:
        raise no_such_batch()
    return cast(PrintBatch, state)


@router.post("/print-batches", status_code=201, response_model=BatchOut)
async def request_batch(body: BatchBody, service: Service, admin: Admin) -> BatchOut:
    scope = Scope(session_id=body.session_id, certificate_ids=tuple(body.certificate_ids),
                  expected_candidates=tuple(body.expected_candidate_ids))  # fmt: skip
    batch_id = await service.features().printing.request(
        admin.lsp_id, scope, by=admin.account_id, reprint=body.reprint, reason=body.reason,
        client_id=body.client_id,
    )  # fmt: skip
    return batch_out(await _batch(service, admin.lsp_id, batch_id))


@router.post("/print-batches/{batch_id}/rerun", status_code=201, response_model=BatchOut)
async def rerun_batch(batch_id: UUID, body: RerunBody, service: Service, admin: Admin) -> BatchOut:
    earlier = await _batch(service, admin.lsp_id, batch_id)
    assert earlier.requested is not None
    new_id = await service.features().printing.request(
        admin.lsp_id, earlier.requested.scope, by=admin.account_id, reprint=body.reprint,
        reason=body.reason, client_id=body.client_id,
    )  # fmt: skip
    return batch_out(await _batch(service, admin.lsp_id, new_id))


@router.get("/print-batches", response_model=list[BatchSummaryOut])
async def list_batches(
    service: Service, staff: Follower, session_id: UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[BatchSummaryOut]:  # fmt: skip
    rows = await service.features().printing.view.of_lsp(staff.lsp_id, session_id, limit)
    return [BatchSummaryOut(
        **{k: row[k] for k in ("batch_id", "session_id", "follow_up_of", "follow_up_id",
                               "reprint", "requested_at", "carried", "pages")},
        ready=row["due"], state="printed" if row["merged_at"] else "making",
        percentage=percentage(row["due"], row["rendered"] + len(row["skipped"]),
                              row["merged_at"] is not None),
    ) for row in rows]  # fmt: skip


@router.get("/print-batches/{batch_id}", response_model=BatchOut)
async def get_batch(batch_id: UUID, service: Service, staff: Follower) -> BatchOut:
    return batch_out(await _batch(service, staff.lsp_id, batch_id))


@router.get(
    "/print-batches/{batch_id}/file.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the print file"}},
)
async def batch_file(batch_id: UUID, service: Service, admin: Admin) -> Response:
    state = await _batch(service, admin.lsp_id, batch_id)
    if state.merged is None:
        raise conflict("batch_id", "berkas cetak masih dibuat", "the print file is being made")
    pdf = await service.features().printing.files.get(batch_id) if state.merged.sha256 else None
    if pdf is None:
        raise conflict("batch_id", "tidak ada sertifikat yang siap dicetak di batch ini",
                       "no certificate of this batch was ready to print")  # fmt: skip
    name = f"print-batch-{batch_id}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
