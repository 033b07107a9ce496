"""A certificate as a verifiable credential over HTTP: GET /certificates/{id}/credential answers
the signed Open Badges 3.0 credential (application/vc+jwt) to its holder (a candidate token
whose person holds it) and to the admins of its LSP; anyone else gets 404. Not cached: it
carries the holder's name."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from certificate.api.root import Service
from certificate.credentials.application.export_credential import Viewer
from certificate.issuance.adapters.vc_jose import MEDIA_TYPE
from kompeten_contracts.roles import Role
from servicekit.auth import Principal, require_roles

router = APIRouter(tags=["certificates"])
HolderOrAdmin = Annotated[Principal, Depends(require_roles(Role.CANDIDATE, Role.LSP_ADMIN))]


@router.get(
    "/certificates/{certificate_id}/credential",
    response_class=Response,
    responses={200: {"content": {MEDIA_TYPE: {"schema": {"type": "string"}}},
                     "description": "the certificate as a signed credential (compact JWS)"}},
)  # fmt: skip
async def certificate_credential(
    certificate_id: UUID, service: Service, who: HolderOrAdmin
) -> Response:
    viewer = Viewer(who.account_id, who.role is Role.CANDIDATE, who.candidate_id, who.lsp_id)
    jws = await service.features().credentials(certificate_id, viewer)
    disposition = 'attachment; filename="sertifikat-kompeten.jwt"'
    return Response(jws, media_type=MEDIA_TYPE,
                    headers={"Cache-Control": "private, no-store",
                             "Content-Disposition": disposition})  # fmt: skip
