"""Generate a session's decision document (load the session's decisions and the document ->
the next version, if the decisions changed -> render, sign -> append the version and keep its
file in one transaction), read its versions and files, and check a PDF someone hands in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from certificate.decision_documents.application.ports import (
    DocumentContent,
    DocumentFiles,
    DocumentRenderer,
    DocumentSigner,
    PdfCheck,
    StoredFile,
)
from certificate.decision_documents.domain import decision_document as dd
from certificate.printing.application.print_profiles import PrintProfileHandlers, no_profile
from certificate.reporting.application.blanko_request import DocumentReference, SessionDecisions
from certificate.shared.application.repositories import DecisionDocuments, Decisions
from certificate.shared.domain.outcomes import Outcome
from eventkit.conflicts import Race, on_fresh_state
from eventkit.uow import PostgresUnitOfWork

RACE = Race("version", "dokumen keputusan dibuat bersamaan; coba lagi",
            "the decision document was generated concurrently; please try again")  # fmt: skip


@dataclass(frozen=True)
class Checked:
    check: PdfCheck
    found: StoredFile | None  # the version of this LSP's log the PDF is, if any
    latest_version: int | None


@dataclass
class DecisionDocumentHandlers:
    documents: DecisionDocuments
    decisions: Decisions
    session_decisions: SessionDecisions
    profiles: PrintProfileHandlers
    renderer: DocumentRenderer
    signer: DocumentSigner
    files: DocumentFiles
    uow: PostgresUnitOfWork
    clock: Callable[[], datetime]

    async def entries(self, lsp_id: UUID | None, session_id: UUID) -> tuple[dd.DecidedEntry, ...]:
        entries = []
        for row in await self.session_decisions.decided(lsp_id, session_id):
            decided = (await self.decisions.load(row.attempt_id)).state.decided
            if decided is None:
                continue
            entries.append(dd.DecidedEntry(
                attempt_id=row.attempt_id, candidate_id=row.candidate_id,
                scheme_code=row.scheme_code, scheme_version=row.scheme_version,
                district_code=row.district_code, outcome=Outcome(decided.outcome),
                panel=decided.panel, decided_at=decided.at,
                certificate_number=row.certificate_number,
            ))  # fmt: skip
        return dd.ordered(entries)

    async def generate(
        self, lsp_id: UUID | None, session_id: UUID, by: UUID | None
    ) -> dd.DecisionDocumentSigned:
        key = (lsp_id, session_id)

        async def attempt() -> dd.DecisionDocumentSigned:
            entries = await self.entries(lsp_id, session_id)
            loaded = await self.documents.load(key)
            version = dd.next_version(loaded.state, entries)
            if version is None:
                assert loaded.state.latest is not None
                return loaded.state.latest
            profile = await self.profiles.current(lsp_id)
            if profile is None:
                raise no_profile()
            latest, at = loaded.state.latest, self.clock()
            content = DocumentContent(
                lsp_name=profile.lsp_name, licence=profile.licence, city=profile.city,
                signatory_name=profile.signatory_name, signatory_title=profile.signatory_title,
                session_id=session_id, version=version, entries=entries, made_at=at,
                replaces_sha256=latest.sha256 if latest else None,
            )  # fmt: skip
            signed = self.signer.sign(self.renderer.render(content, self.signer.kid))
            command = dd.RecordSignedDocument(
                lsp_id=lsp_id, session_id=session_id, version=version, entries=entries,
                sha256=signed.sha256, kid=signed.kid, signature=signed.signature, by=by, at=at,
            )  # fmt: skip
            events = dd.decide_record(loaded.state, command)
            async with self.uow.transaction() as tx:
                await self.documents.append(key, loaded.version, events, actor=by, tx=tx)
                stored = StoredFile(lsp_id, session_id, version, signed.sha256)
                await self.files.put(tx, stored, signed.pdf)
            return events[-1]

        return await on_fresh_state(attempt, RACE)

    async def versions(
        self, lsp_id: UUID | None, session_id: UUID
    ) -> tuple[dd.DecisionDocumentSigned, ...]:
        return (await self.documents.load((lsp_id, session_id))).state.versions

    async def latest(self, lsp_id: UUID | None, session_id: UUID) -> DocumentReference | None:
        latest = (await self.documents.load((lsp_id, session_id))).state.latest
        if latest is None:
            return None
        return DocumentReference(latest.version, latest.sha256, latest.kid, len(latest.entries))

    async def pdf(self, lsp_id: UUID | None, session_id: UUID, version: int) -> bytes | None:
        return await self.files.pdf(lsp_id, session_id, version)

    async def check(self, lsp_id: UUID | None, pdf: bytes) -> Checked:
        check = self.signer.check(pdf)
        found = None
        if check.valid and check.sha256 is not None:
            found = await self.files.by_hash(lsp_id, check.sha256)
        latest = None
        if found is not None:
            latest = len(await self.versions(lsp_id, found.session_id))
        return Checked(check, found, latest)
