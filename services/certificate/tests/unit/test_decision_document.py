"""The decision document: a version per change of the session's decisions (the same decisions
sign nothing again), and its PDF's Ed25519 signature, which an edited PDF, another key and a
PDF without one all fail."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificate.decision_documents.adapters.document_pdf import DocumentPdf
from certificate.decision_documents.adapters.pdf_signature import PdfSigner
from certificate.decision_documents.application.ports import DocumentContent
from certificate.decision_documents.domain import decision_document as dd
from certificate.issuance.adapters.signing_keys import KeyRing
from certificate.shared.domain.outcomes import Outcome
from kompeten_contracts.errors import Kind, Refusal

AT = datetime(2026, 12, 2, 9, tzinfo=UTC)
LSP, SESSION, MEMBER = uuid4(), uuid4(), uuid4()


def entry(outcome: Outcome = Outcome.COMPETENT, number: str | None = "KOP-KASIR/2026/00001"
          ) -> dd.DecidedEntry:  # fmt: skip
    return dd.DecidedEntry(
        attempt_id=uuid4(), candidate_id=uuid4(), scheme_code="KOP-KASIR", scheme_version=1,
        district_code="5107", outcome=outcome, panel=(MEMBER,), decided_at=AT,
        certificate_number=number if outcome is Outcome.COMPETENT else None,
    )  # fmt: skip


def signed(entries: tuple[dd.DecidedEntry, ...], version: int) -> dd.RecordSignedDocument:
    return dd.RecordSignedDocument(lsp_id=LSP, session_id=SESSION, version=version,
                                   entries=entries, sha256="a" * 64, kid="k1",
                                   signature="s", by=MEMBER, at=AT)  # fmt: skip


def test_a_new_version_only_when_the_sessions_decisions_changed() -> None:
    first = (entry(), entry(Outcome.NOT_YET_COMPETENT))
    state = dd.DecisionDocument()
    assert dd.next_version(state, first) == 1
    [v1] = dd.decide_record(state, signed(first, 1))
    state = dd.evolve(state, v1)
    assert v1.entries[0].outcome is Outcome.COMPETENT  # K first, then BK
    assert dd.next_version(state, tuple(reversed(first))) is None  # the same decisions
    assert dd.decide_record(state, signed(first, 2)) == []
    more = (*first, entry(number="KOP-KASIR/2026/00002"))
    assert dd.next_version(state, more) == 2
    [v2] = dd.decide_record(state, signed(more, 2))
    state = dd.evolve(state, v2)
    assert [v.version for v in state.versions] == [1, 2] and state.version(1) == v1


def test_a_version_out_of_turn_and_a_session_without_decisions_are_refused() -> None:
    with pytest.raises(Refusal) as stale:
        dd.decide_record(dd.DecisionDocument(), signed((entry(),), 2))
    assert (stale.value.kind, stale.value.field) == (Kind.CONFLICT, "version")
    with pytest.raises(Refusal) as empty:
        dd.next_version(dd.DecisionDocument(), ())
    assert (empty.value.kind, empty.value.field) == (Kind.NOT_FOUND, "session_id")


def ring(kid: str = "k1") -> KeyRing:
    return KeyRing(kid, {kid: Ed25519PrivateKey.generate()})


def content(entries: tuple[dd.DecidedEntry, ...]) -> DocumentContent:
    return DocumentContent(
        lsp_name="LSP Koperasi Bali", licence="BNSP-LSP-0451-ID", city="Denpasar",
        signatory_name="Dr. I Made Suarta", signatory_title="Ketua LSP", session_id=SESSION,
        version=1, entries=entries, made_at=AT, replaces_sha256=None,
    )  # fmt: skip


def test_the_signed_pdf_verifies_and_shows_its_signature_and_key() -> None:
    signer = PdfSigner(ring())
    made = signer.sign(DocumentPdf().render(content((entry(), entry(Outcome.NOT_YET_COMPETENT))),
                                            signer.kid))  # fmt: skip
    assert made.pdf.startswith(b"%PDF-") and len(base64.urlsafe_b64decode(
        made.signature + "==")) == 64  # fmt: skip
    assert made.pdf.count(f"KOMPETEN-SIG:{made.signature}".encode()) >= 2  # footer, metadata
    check = signer.check(made.pdf)
    assert (check.valid, check.sha256, check.kid) == (True, made.sha256, "k1")
    assert b"BERITA ACARA RAPAT PLENO" in made.pdf


def test_an_edited_pdf_another_key_and_no_signature_all_fail() -> None:
    signer = PdfSigner(ring())
    made = signer.sign(DocumentPdf().render(content((entry(),)), signer.kid))
    edited = made.pdf.replace(b"KOP-KASIR/2026/00001", b"KOP-KASIR/2026/00009")
    assert edited != made.pdf and not signer.check(edited).valid
    stranger = PdfSigner(KeyRing("k1", {"k1": Ed25519PrivateKey.generate()}))
    assert not stranger.check(made.pdf).valid
    unsigned = DocumentPdf().render(content((entry(),)), signer.kid)
    assert signer.check(unsigned).sha256 is None and not signer.check(unsigned).valid
