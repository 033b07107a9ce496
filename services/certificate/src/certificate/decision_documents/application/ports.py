"""What the decision document needs from outside: the session's decisions, a PDF of them, a
signer over the PDF (the installation's certificate keys), and a place for the signed files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from certificate.decision_documents.domain.decision_document import DecidedEntry


@dataclass(frozen=True)
class DocumentContent:
    lsp_name: str
    licence: str | None
    city: str
    signatory_name: str
    signatory_title: str
    session_id: UUID
    version: int
    entries: tuple[DecidedEntry, ...]
    made_at: datetime
    replaces_sha256: str | None  # the previous version's, if this one supersedes it


class DocumentRenderer(Protocol):
    def render(self, content: DocumentContent, kid: str) -> bytes:
        """The PDF with its signature's places left blank (signature.PLACEHOLDER)."""
        ...


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    sha256: str  # of the PDF with the signature's places blank: what is signed
    kid: str
    signature: str


@dataclass(frozen=True)
class PdfCheck:
    """What a PDF says about its own signature, and whether it holds."""

    sha256: str | None  # None: no Kompeten signature found in it
    kid: str | None
    signature: str | None
    valid: bool


class DocumentSigner(Protocol):
    @property
    def kid(self) -> str: ...

    def sign(self, unsigned: bytes) -> SignedPdf: ...

    def check(self, pdf: bytes) -> PdfCheck: ...


@dataclass(frozen=True)
class StoredFile:
    lsp_id: UUID | None
    session_id: UUID
    version: int
    sha256: str


class DocumentFiles(Protocol):
    async def put(self, tx: Any, stored: StoredFile, pdf: bytes) -> None: ...

    async def pdf(self, lsp_id: UUID | None, session_id: UUID, version: int) -> bytes | None: ...

    async def by_hash(self, lsp_id: UUID | None, sha256: str) -> StoredFile | None: ...
