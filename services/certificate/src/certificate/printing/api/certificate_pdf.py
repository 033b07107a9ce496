"""One certificate's PDF over HTTP, for the LSP's admins."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from certificate.api.access import Admin
from certificate.api.root import Service
from kompeten_contracts.errors import not_found

router = APIRouter(tags=["printing"])


@router.get(
    "/certificates/{certificate_id}/certificate.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the certificate"}},
)
async def certificate_pdf(certificate_id: UUID, service: Service, admin: Admin) -> Response:
    pdf = await service.features().printing.page(admin.lsp_id, certificate_id, admin.account_id)
    if pdf is None:
        raise not_found("certificate_id", "sertifikat tidak ditemukan", "no such certificate")
    return Response(pdf, media_type="application/pdf")
