"""What issuance needs from outside: a number per certificate (numbering, in the issuing
transaction), an index in the LSP's status lists (the same), a signature over what the QR
carries (the installation's current key), and a store that appends to several streams in one
transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from eventkit.store import NewEvent, RecordedEvent

Batch = tuple[str, int, Sequence[NewEvent]]


class Numbering(Protocol):
    async def allocate_many(
        self,
        tx: Any,
        certificate_ids: Sequence[UUID],
        lsp_id: UUID | None,
        scheme_code: str,
        year: int,
        render: Callable[[int], str],
    ) -> dict[UUID, tuple[int, str]]:
        """(sequence, number) of each of these certificates of one (LSP, scheme, year): its
        own if it has one, otherwise the next ones, in the order given, kept only if `tx`
        commits. Raises ConcurrencyError when another transaction numbered one of them
        meanwhile (run again)."""
        ...


class StatusIndices(Protocol):
    async def allocate_many(
        self, tx: Any, certificate_ids: Sequence[UUID], lsp_id: UUID | None
    ) -> dict[UUID, int]:
        """Each certificate's index in its LSP's status lists: its own if it has one, otherwise
        a random one never given before, kept only if `tx` commits. Raises ConcurrencyError
        when another transaction gave one of them an index meanwhile (run again)."""
        ...


@dataclass(frozen=True)
class QrClaims:
    """What a certificate's QR code says and a verifier shows offline: nothing personal but
    what the public verification page shows."""

    token: str
    number: str
    lsp_id: UUID | None
    scheme_code: str
    scheme_version: int
    unit_codes: tuple[str, ...]
    issued_on: date
    valid_until: date
    status_index: int | None = None  # its place in the LSP's status lists (None: issued before)


@dataclass(frozen=True)
class Signed:
    kid: str
    payload: str  # the text the QR code carries


class Signer(Protocol):
    def sign(self, claims: QrClaims) -> Signed: ...


class MultiStreamStore(Protocol):
    async def append_many(
        self, batches: Sequence[Batch], *, tx: Any = None
    ) -> list[RecordedEvent]: ...
