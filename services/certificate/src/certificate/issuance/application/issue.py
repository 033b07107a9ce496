"""Issue the certificate of a decision K, inside the decision's own transaction: the number
is allocated first (its lock is taken before any append, always in that order, so issuers
never deadlock on the log's lock), then the QR payload is signed and the certificate's stream
is prepared for the same append as the decision. A certificate's id is derived from the
attempt decided on, so a decision issues at most one certificate, however often it is run."""

from __future__ import annotations

import base64
import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from certificate.decisions.domain.decision import CertificationDecided
from certificate.issuance.application.ports import (
    Batch,
    Numbering,
    QrClaims,
    Signer,
    StatusIndices,
)
from certificate.issuance.domain import certificate as c
from certificate.issuance.domain.numbering import NumberFormat
from certificate.recommendations.domain.recommendation import RecommendationReceived
from certificate.shared.application.repositories import Certificates, certificates
from eventkit.repository import Loaded
from eventkit.store import EventStore

CERTIFICATE_IDS = uuid5(NAMESPACE_URL, "https://kompeten.id/certificate/certificates")
# Certificates are dated in Western Indonesian Time, where the LSPs of the first districts are.
WIB = timezone(timedelta(hours=7), "WIB")
TOKEN_BYTES = 16  # 128 random bits: not guessable, not enumerable


def certificate_id_of(attempt_id: UUID) -> UUID:
    return uuid5(CERTIFICATE_IDS, str(attempt_id))


def replacement_id_of(certificate_id: UUID) -> UUID:
    """A certificate is replaced at most once (its replacement may be replaced in turn)."""
    return uuid5(CERTIFICATE_IDS, f"{certificate_id}/replacement")


def new_token() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(TOKEN_BYTES)).rstrip(b"=").decode()


@dataclass
class Issuance:
    store: EventStore
    numbering: Numbering
    signer: Signer
    number_format: NumberFormat = field(default_factory=NumberFormat)
    status_indices: StatusIndices | None = None  # None: certificates without a status entry
    certificates: Certificates = field(init=False)

    def __post_init__(self) -> None:
        self.certificates = certificates(self.store)

    async def number_of(self, attempt_id: UUID) -> str | None:
        issued = (await self.certificates.load(certificate_id_of(attempt_id))).state.issued
        return issued.number if issued else None

    async def current(self, attempt_id: UUID) -> Loaded[c.Certificate, c.CertificateEvent]:
        """The decision's certificate stream as it is, read before the decision's transaction
        (the append checks its version): an issuer holding its transaction's connection never
        waits for a second one, so issuers side by side cannot exhaust the pool."""
        return await self.certificates.load(certificate_id_of(attempt_id))

    async def prepared_many(
        self, tx: Any,
        decisions: Sequence[tuple[CertificationDecided, RecommendationReceived,
                                  Loaded[c.Certificate, c.CertificateEvent] | None]],
    ) -> list[tuple[Batch, c.CertificateIssued] | None]:  # fmt: skip
        """Each decision's certificate append (None for one issued already), numbered and
        indexed in a few statements whatever their number (a cohort's)."""
        return await self._prepared([(draft_of(d, r), loaded) for d, r, loaded in decisions], tx)

    async def prepared_replacement(
        self, tx: Any, old: c.CertificateIssued, at: datetime
    ) -> tuple[Batch, c.CertificateIssued] | None:
        """The corrected certificate replacing `old`: a new number and token, dated today,
        valid as long as the old one; None when it is issued already."""
        [found] = await self._prepared([(old.model_copy(update={
            "certificate_id": replacement_id_of(old.certificate_id), "token": "", "number": "",
            "issued_on": at.astimezone(WIB).date(), "kid": "", "qr_payload": "", "at": at,
            "replaces": old.certificate_id,
        }), None)], tx)  # fmt: skip
        return found

    async def _prepared(
        self,
        drafts: Sequence[tuple[c.IssueCertificate,
                               Loaded[c.Certificate, c.CertificateEvent] | None]],
        tx: Any,
    ) -> list[tuple[Batch, c.CertificateIssued] | None]:  # fmt: skip
        """Numbers, indexes and signs each draft not issued yet (its number, token and
        signature are filled here). The locks in one order, as every issuer takes them: the
        numbers' counters (by LSP, scheme and year, sorted), then the LSPs' status counters."""
        loaded = [found or await self.certificates.load(draft.certificate_id)
                  for draft, found in drafts]  # fmt: skip
        due = [d for (d, _), held in zip(drafts, loaded, strict=True) if held.state.issued is None]
        numbers: dict[UUID, str] = {}
        by_series: dict[tuple[UUID | None, str, int], list[UUID]] = {}
        for draft in due:
            series = (draft.lsp_id, draft.scheme_code, draft.issued_on.year)
            by_series.setdefault(series, []).append(draft.certificate_id)
        for (lsp, scheme, year), ids in sorted(by_series.items(), key=lambda kv: str(kv[0])):
            render = functools.partial(self.number_format.render, scheme, year)
            found = await self.numbering.allocate_many(tx, ids, lsp, scheme, year, render)
            numbers.update((cid, number) for cid, (_, number) in found.items())
        indices: dict[UUID, int] = {}
        if self.status_indices is not None:  # after the numbers: the locks in one order
            by_lsp: dict[UUID | None, list[UUID]] = {}
            for draft in due:
                by_lsp.setdefault(draft.lsp_id, []).append(draft.certificate_id)
            for lsp, ids in sorted(by_lsp.items(), key=lambda kv: str(kv[0])):
                indices.update(await self.status_indices.allocate_many(tx, ids, lsp))
        out: list[tuple[Batch, c.CertificateIssued] | None] = []
        for (draft, _), held in zip(drafts, loaded, strict=True):
            if held.state.issued is not None:
                out.append(None)
                continue
            number, index = numbers[draft.certificate_id], indices.get(draft.certificate_id)
            out.append(self._signed(draft, held, number, index))
        return out

    def _signed(
        self, draft: c.IssueCertificate, loaded: Loaded[c.Certificate, c.CertificateEvent],
        number: str, index: int | None,
    ) -> tuple[Batch, c.CertificateIssued]:  # fmt: skip
        token = new_token()
        signed = self.signer.sign(QrClaims(
            token, number, draft.lsp_id, draft.scheme_code, draft.scheme_version,
            tuple(u.unit_code for u in draft.units), draft.issued_on, draft.valid_until, index,
        ))  # fmt: skip
        command = c.IssueCertificate(**{
            **draft.model_dump(), "token": token, "number": number, "kid": signed.kid,
            "qr_payload": signed.payload, "status_index": index,
        })  # fmt: skip
        [issued] = c.decide_issue(loaded.state, command)
        assert isinstance(issued, c.CertificateIssued)
        batch = self.certificates.batch(draft.certificate_id, loaded.version, [issued])
        return batch, issued


def draft_of(decided: CertificationDecided, recommendation: RecommendationReceived
             ) -> c.IssueCertificate:  # fmt: skip
    """The certificate a decision K issues, before its number, token and signature."""
    issued_on = decided.at.astimezone(WIB).date()
    return c.IssueCertificate(
        certificate_id=certificate_id_of(decided.attempt_id), token="",
        attempt_id=decided.attempt_id, candidate_id=decided.candidate_id,
        lsp_id=decided.lsp_id, scheme_code=decided.scheme_code,
        scheme_version=decided.scheme_version, session_id=decided.session_id,
        district_code=recommendation.district_code, units=tuple(recommendation.units),
        number="", issued_on=issued_on, valid_until=c.valid_until(issued_on), kid="",
        qr_payload="", at=decided.at,
    )  # fmt: skip
