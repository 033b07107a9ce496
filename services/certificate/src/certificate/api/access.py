"""Who reads and writes certificate's API. An LSP's decision makers decide on the
recommendations their LSP received (and see only their LSP's records); its admins and decision
makers follow recommendations, certificates and print batches, and its admins print (QR codes,
certificates, print batches, the print profile) and change a certificate's status (suspend,
reinstate, withdraw, replace, duplicate). A candidate sees their own certificates and signs the
agreement for them; the holder and the LSP's admins download it as a signed credential.
Verification, the key set verifiers check signatures with, and the LSPs' status lists are
public.
The matrix test holds the API to ACCESS."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kompeten_contracts.roles import Role
from servicekit.access import AccessTable, anyone, roles
from servicekit.auth import Principal, require_roles

FOLLOWERS = (Role.LSP_ADMIN, Role.DECISION_MAKER)
Follower = Annotated[Principal, Depends(require_roles(*FOLLOWERS))]
DecisionMaker = Annotated[Principal, Depends(require_roles(Role.DECISION_MAKER))]
Admin = Annotated[Principal, Depends(require_roles(Role.LSP_ADMIN))]
Holder = Annotated[Principal, Depends(require_roles(Role.CANDIDATE))]

ACCESS: AccessTable = {
    "GET /recommendations": roles(*FOLLOWERS),
    "GET /recommendations/{attempt_id}": roles(*FOLLOWERS),
    "POST /recommendations/{attempt_id}/decision": roles(Role.DECISION_MAKER),
    "POST /sessions/{session_id}/decisions": roles(Role.DECISION_MAKER),
    "GET /certificates": roles(*FOLLOWERS),
    "GET /certificates/{certificate_id}": roles(*FOLLOWERS),
    "GET /certificates/{certificate_id}/qr.png": roles(Role.LSP_ADMIN),
    "GET /certificates/{certificate_id}/credential": roles(Role.CANDIDATE, Role.LSP_ADMIN),
    "POST /certificates/{certificate_id}/suspension": roles(Role.LSP_ADMIN),
    "POST /certificates/{certificate_id}/reinstatement": roles(Role.LSP_ADMIN),
    "POST /certificates/{certificate_id}/withdrawal": roles(Role.LSP_ADMIN),
    "POST /certificates/{certificate_id}/replacement": roles(Role.LSP_ADMIN),
    "POST /certificates/{certificate_id}/duplicates": roles(Role.LSP_ADMIN),
    "POST /certificates/{certificate_id}/collection": roles(Role.LSP_ADMIN),
    "GET /me/certificates": roles(Role.CANDIDATE),
    "GET /certificates/{certificate_id}/agreement": roles(Role.CANDIDATE),
    "POST /certificates/{certificate_id}/agreement": roles(Role.CANDIDATE),
    "GET /me/certificates/{certificate_id}/qr.png": roles(Role.CANDIDATE),
    "GET /me/certificates/{certificate_id}/certificate.pdf": roles(Role.CANDIDATE),
    "GET /verify": anyone(),
    "GET /verify/page": anyone(),
    "GET /verify/offline": anyone(),
    "GET /verify/offline.js": anyone(),
    "GET /verify/{token}": anyone(),
    "GET /verify/{token}/page": anyone(),
    "GET /keys": anyone(),
    "GET /status-lists/{lsp_id}/{purpose}": anyone(),
    # Printing: the LSP's admins print and download; its decision makers follow.
    "PUT /print-profile": roles(Role.LSP_ADMIN),
    "GET /print-profile": roles(*FOLLOWERS),
    "GET /print-profile/test-page.pdf": roles(Role.LSP_ADMIN),
    "POST /print-profile/measurements": roles(Role.LSP_ADMIN),
    "POST /print-batches": roles(Role.LSP_ADMIN),
    "GET /print-batches": roles(*FOLLOWERS),
    "GET /print-batches/{batch_id}": roles(*FOLLOWERS),
    "POST /print-batches/{batch_id}/rerun": roles(Role.LSP_ADMIN),
    "GET /print-batches/{batch_id}/file.pdf": roles(Role.LSP_ADMIN),
    "GET /certificates/{certificate_id}/certificate.pdf": roles(Role.LSP_ADMIN),
    # Reporting for the national authority.
    "GET /sessions/{session_id}/blanko-request.xlsx": roles(*FOLLOWERS),
    "GET /sessions/{session_id}/blanko-request.pdf": roles(*FOLLOWERS),
    "GET /progress/districts": roles(*FOLLOWERS),
    "GET /progress/districts/{code}/schemes": roles(*FOLLOWERS),
    # The signed decision document (berita acara / SK pleno) of a session.
    "POST /sessions/{session_id}/decision-document": roles(*FOLLOWERS),
    "GET /sessions/{session_id}/decision-document": roles(*FOLLOWERS),
    "GET /sessions/{session_id}/decision-document/versions/{version}.pdf": roles(*FOLLOWERS),
    "POST /decision-documents/checks": roles(*FOLLOWERS),
    # The national authority's registration (blanko) numbers, imported by the LSP's admins.
    "POST /blanko-imports": roles(Role.LSP_ADMIN),
}
