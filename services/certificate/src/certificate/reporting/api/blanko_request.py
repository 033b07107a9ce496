"""The blanko request package of a session over HTTP, as XLSX or PDF, for the LSP's admins
and decision makers."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from certificate.api.access import Follower
from certificate.api.root import Service

router = APIRouter(tags=["reporting"])


async def _package(service: Service, staff: Follower, session_id: UUID, kind: str) -> Response:
    reporting = service.features().reporting
    package = await reporting.blanko(staff.lsp_id, session_id, staff.account_id)
    made = reporting.files[kind]
    name = f"blanko-request-{session_id}.{made.suffix}"
    return Response(made.render(package), media_type=made.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get(
    "/sessions/{session_id}/blanko-request.xlsx",
    response_class=Response,
    responses={200: {"content": {"application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet": {}}, "description": "K, BK, minutes"}},
)  # fmt: skip
async def blanko_request_xlsx(session_id: UUID, service: Service, staff: Follower) -> Response:
    return await _package(service, staff, session_id, "xlsx")


@router.get(
    "/sessions/{session_id}/blanko-request.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "minutes, K and BK"}},
)
async def blanko_request_pdf(session_id: UUID, service: Service, staff: Follower) -> Response:
    return await _package(service, staff, session_id, "pdf")
