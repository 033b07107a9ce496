"""The holder's agreement (step 6 of the SOP): the holder is told how the certificate may be
used and signs to comply. Only the holder signs, for their own certificate, the text in force
(its version), once; the certificate is released by it. Until then verification says it awaits
the agreement and it is not printed."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from certificate.issuance.domain.certificate import Certificate, Status
from certificate.issuance.domain.certificate_events import (
    ActorRole,
    AgreementSigned,
    CertificateEvent,
)
from kompeten_contracts.errors import Refusal, conflict, invalid, not_found

VERSION = "2026-1"
TERMS_ID = (
    "Saya menyatakan bahwa:",
    "1. Saya akan mematuhi aturan skema sertifikasi dan kode etik profesi.",
    "2. Saya hanya menggunakan sertifikat ini untuk lingkup kompetensi yang tercantum di "
    "dalamnya, dan tidak menyalahgunakannya.",
    "3. Saya tidak akan menggunakan sertifikat ini dengan cara yang merugikan LSP atau BNSP, "
    "dan tidak memberikan pernyataan yang menyesatkan tentangnya.",
    "4. Bila sertifikat dibekukan atau dicabut, saya berhenti menggunakannya dan tidak lagi "
    "mengaku sebagai pemegangnya.",
    "5. Saya bersedia mengikuti surveilan selama masa berlaku dan memberi tahu LSP bila ada "
    "perubahan yang memengaruhi kompetensi saya.",
)
TERMS_EN = (
    "I declare that:",
    "1. I will comply with the certification scheme's rules and the code of conduct.",
    "2. I will use this certificate only for the scope of competence it states, and not misuse it.",
    "3. I will not use it in a way that brings the LSP or BNSP into disrepute, nor make "
    "misleading statements about it.",
    "4. If it is suspended or withdrawn, I stop using it and no longer claim to hold it.",
    "5. I will take part in surveillance during its validity and tell the LSP of changes that "
    "affect my competence.",
)


class SignAgreement(BaseModel):
    model_config = ConfigDict(frozen=True)

    certificate_id: UUID
    candidate_id: UUID | None  # the signed-in candidate's person
    account_id: UUID
    agreement_version: str
    agree: bool
    at: datetime


def no_such_certificate() -> Refusal:
    return not_found("certificate_id", "sertifikat tidak ditemukan", "no such certificate")


def decide_sign(state: Certificate, command: SignAgreement) -> list[CertificateEvent]:
    issued = state.issued
    if issued is None or command.candidate_id != issued.candidate_id:
        raise no_such_certificate()  # not theirs: as if it did not exist
    if state.agreement is not None:
        if state.agreement.agreement_version == command.agreement_version:
            return []  # signed already (a retry): recorded once
        raise conflict("agreement_version", "persetujuan sudah ditandatangani",
                       "the agreement is signed already")  # fmt: skip
    if state.status is not Status.AWAITING_AGREEMENT:
        raise conflict("status", f"sertifikat berstatus {state.status.value}",
                       f"the certificate is {state.status.value}")  # fmt: skip
    if command.agreement_version != VERSION:
        raise invalid("agreement_version", f"naskah persetujuan yang berlaku adalah {VERSION}",
                      f"the agreement in force is version {VERSION}")  # fmt: skip
    if not command.agree:
        raise invalid("agree", "centang persetujuan untuk menandatangani",
                      "tick the agreement to sign it")  # fmt: skip
    signed = AgreementSigned(
        certificate_id=command.certificate_id, candidate_id=issued.candidate_id,
        lsp_id=issued.lsp_id, actor_id=command.account_id, actor_role=ActorRole.CANDIDATE,
        agreement_version=command.agreement_version, at=command.at,
    )  # fmt: skip
    return [signed]
