"""Attaching the national registration (blanko) number to a certificate: once. The same number
again changes nothing (the same file imported twice); another number for a certificate that has
one is refused, naming the one it has."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.issuance.domain.certificate import Certificate
from certificate.issuance.domain.certificate_events import ActorRole, BlankoNumberAttached
from kompeten_contracts.errors import conflict, not_found


class AttachBlanko(BaseModel):
    model_config = ConfigDict(frozen=True)

    certificate_id: UUID
    lsp_id: UUID | None
    blanko_number: str
    import_id: UUID
    actor_id: UUID
    at: datetime


def decide_attach(state: Certificate, command: AttachBlanko) -> list[BlankoNumberAttached]:
    issued = state.issued
    if issued is None or not state.of(command.lsp_id):
        raise not_found("nomor_sertifikat", "nomor sertifikat tidak dikenal",
                        "no such certificate number")  # fmt: skip
    if state.blanko_number == command.blanko_number:
        return []
    if state.blanko_number is not None:
        raise conflict(
            "nomor_blanko",
            f"sertifikat ini sudah memiliki nomor blanko lain ({state.blanko_number})",
            f"this certificate already has another blanko number ({state.blanko_number})",
        )
    return [BlankoNumberAttached(
        certificate_id=command.certificate_id, candidate_id=issued.candidate_id,
        lsp_id=command.lsp_id, actor_id=command.actor_id, actor_role=ActorRole.LSP_ADMIN,
        at=command.at, blanko_number=command.blanko_number, import_id=command.import_id,
        number=issued.number,
    )]  # fmt: skip
