"""Issue the certificate of a decision K, inside the decision's own transaction: the number
is allocated first (its lock is taken before any append, always in that order, so issuers
never deadlock on the log's lock), then the QR payload is signed and the certificate's stream
is prepared for the same append as the decision. A certificate's id is derived from the
attempt decided on, so a decision issues at most one certificate, however often it is run."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from certificate.decisions.domain.decision import CertificationDecided
from certificate.issuance.application.ports import Batch, Numbering, QrClaims, Signer
from certificate.issuance.domain import certificate as c
from certificate.issuance.domain.numbering import NumberFormat
from certificate.recommendations.domain.recommendation import RecommendationReceived
from certificate.shared.application.repositories import Certificates, certificates
from eventkit.store import EventStore

CERTIFICATE_IDS = uuid5(NAMESPACE_URL, "https://kompeten.id/certificate/certificates")
# Certificates are dated in Western Indonesian Time, where the LSPs of the first districts are.
WIB = timezone(timedelta(hours=7), "WIB")
TOKEN_BYTES = 16  # 128 random bits: not guessable, not enumerable


def certificate_id_of(attempt_id: UUID) -> UUID:
    return uuid5(CERTIFICATE_IDS, str(attempt_id))


def new_token() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(TOKEN_BYTES)).rstrip(b"=").decode()


@dataclass
class Issuance:
    store: EventStore
    numbering: Numbering
    signer: Signer
    number_format: NumberFormat = field(default_factory=NumberFormat)
    certificates: Certificates = field(init=False)

    def __post_init__(self) -> None:
        self.certificates = certificates(self.store)

    async def number_of(self, attempt_id: UUID) -> str | None:
        issued = (await self.certificates.load(certificate_id_of(attempt_id))).state.issued
        return issued.number if issued else None

    async def prepared(
        self, tx: Any, decided: CertificationDecided, recommendation: RecommendationReceived
    ) -> tuple[Batch, c.CertificateIssued] | None:
        """The certificate's append for this decision, or None when it is issued already."""
        certificate_id = certificate_id_of(decided.attempt_id)
        loaded = await self.certificates.load(certificate_id)
        if loaded.state.issued is not None:
            return None
        issued_on = decided.at.astimezone(WIB).date()
        render: Callable[[int], str] = lambda seq: self.number_format.render(  # noqa: E731
            decided.scheme_code, issued_on.year, seq
        )
        _, number = await self.numbering.allocate(
            tx, certificate_id, decided.lsp_id, decided.scheme_code, issued_on.year, render
        )
        token, until = new_token(), c.valid_until(issued_on)
        units = tuple(u for u in recommendation.units)
        signed = self.signer.sign(QrClaims(
            token, number, decided.lsp_id, decided.scheme_code, decided.scheme_version,
            tuple(u.unit_code for u in units), issued_on, until,
        ))  # fmt: skip
        command = c.IssueCertificate(
            certificate_id=certificate_id, token=token, attempt_id=decided.attempt_id,
            candidate_id=decided.candidate_id, lsp_id=decided.lsp_id,
            scheme_code=decided.scheme_code, scheme_version=decided.scheme_version,
            session_id=decided.session_id, district_code=recommendation.district_code,
            units=units, number=number, issued_on=issued_on, valid_until=until,
            kid=signed.kid, qr_payload=signed.payload, at=decided.at,
        )  # fmt: skip
        [issued] = c.decide_issue(loaded.state, command)
        batch = self.certificates.batch(certificate_id, loaded.version, [issued])
        return batch, issued
