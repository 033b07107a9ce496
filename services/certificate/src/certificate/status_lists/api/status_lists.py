"""The LSPs' status lists over HTTP, for anyone: GET /status-lists/{lsp_id}/{purpose} answers
the signed BitstringStatusListCredential as application/vc+jwt. Shared caches may keep it 30
seconds (a suspension reaches a verifier behind one within that) and serve it for a day if the
service is down (its validUntil); an unchanged list is answered 304 to its ETag. The ttl inside
(5 minutes) tells offline verifiers when to fetch it again."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response

from certificate.api.root import Service
from certificate.issuance.adapters.vc_jose import MEDIA_TYPE
from certificate.status_lists.domain.bitstring import StatusPurpose
from kompeten_contracts.errors import not_found

router = APIRouter(tags=["verification"])
CACHE = "public, max-age=30, stale-if-error=86400, no-transform"


@router.get(
    "/status-lists/{lsp_id}/{purpose}",
    response_class=Response,
    responses={
        200: {"content": {MEDIA_TYPE: {"schema": {"type": "string"}}},
              "description": "the signed status list (compact JWS, VC-JOSE)"},
        304: {"description": "unchanged since the ETag given in If-None-Match"},
    },
)  # fmt: skip
async def status_list(
    lsp_id: UUID, purpose: StatusPurpose, request: Request, service: Service
) -> Response:
    published = await service.features().status_lists(lsp_id, purpose)
    if published is None:
        raise not_found("lsp_id", "LSP ini belum memiliki daftar status",
                        "this LSP has no status list yet")  # fmt: skip
    headers = {"Cache-Control": CACHE, "ETag": published.etag, "Vary": "Accept-Encoding"}
    if published.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(published.jws, media_type=MEDIA_TYPE, headers=headers)
