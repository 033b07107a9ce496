"""Internal contracts: records Kompeten's own services exchange that are NOT for partners.
They are not in the catalog, the partner documentation, the JSON Schemas or AsyncAPI, and not
in the type registry; they travel on `kompeten.internal.*` topics, which production's Kafka
ACLs open only to the services named here (docs/certificate.md, "The holder's name").

Personal data another service legitimately needs travels only sealed under the person's data
key (eventkit.pii: AES-256-GCM, the person's id as associated data). The key stays in the
installation's key store; erasing the person deletes it, and every sealed copy, wherever it
was delivered, becomes unreadable at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import Field

from kompeten_contracts.base import PublicEvent
from kompeten_contracts.registry import TypeRegistry

PERSONAL_DATA = "kompeten.internal.personal-data"
"""Written by registration only; read by certificate (the holder's name on a certificate, group
`certificate-personal-data`) and assessment (the candidate's name on the assessor's roster, group
`assessment-personal-data`). Retention like the public topics: the records are ciphertext,
erased by their key, not by deleting records."""

INTERNAL = TypeRegistry()
"""The internal records, apart from the public REGISTRY: a consumer decodes them through this
one (servicekit.consumers.Subscriber(registry=INTERNAL)), and nothing that documents the public
contracts ever lists them."""

HOLDER_FIELDS = ("full_name", "birth_place", "birth_date")


@INTERNAL.register
class HolderDetailsSealedV1(PublicEvent):
    """What a certificate prints about its holder, as the LSP accepted it on the application
    (APL-01: the name as on the ID card, place and date of birth), sealed. A later accepted
    application (a correction, a re-certification) sends it again; the latest counts."""

    service: ClassVar[str] = "registration"
    name: ClassVar[str] = "HolderDetailsSealed"
    version: ClassVar[int] = 1

    candidate_id: UUID = Field(description="The person, as in CandidateRegistered")
    application_id: UUID = Field(description="The accepted application the details are from")
    lsp_id: UUID | None = Field(description="The LSP that accepted it")
    sealed: dict[str, Any] = Field(
        description="eventkit.pii Sealed blob of HOLDER_FIELDS (birth_date ISO 8601)"
    )
    accepted_at: datetime
