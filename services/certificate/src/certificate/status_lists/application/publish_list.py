"""The status list of an LSP for one purpose, as published: the bits from the read model
(status_list_entries), the list as long as the LSP's highest index needs (at least 131,072
bits), signed as a VC-JOSE credential with the installation's current key, dated by the start
of its 5-minute refresh window. Made at most about once a second per list (16 KiB GZIP'd and
signed in a few milliseconds); its `etag` is of the bits and the window, so a list unchanged
within the window is answered 304 to a verifier that has it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from certificate.status_lists.domain import documents
from certificate.status_lists.domain.bitstring import StatusPurpose, encode, list_bits


class StatusEntries(Protocol):
    async def highest_index(self, lsp_id: UUID) -> int | None: ...

    async def set_indices(self, lsp_id: UUID, purpose: StatusPurpose) -> list[int]: ...


class CredentialSigner(Protocol):
    def sign_credential(self, credential: Mapping[str, Any]) -> str: ...


@dataclass(frozen=True)
class PublishedList:
    jws: str
    etag: str  # strong: the same bytes for the same bits within one refresh window


@dataclass
class PublishList:
    entries: StatusEntries
    signer: CredentialSigner
    public_url: str
    clock: Callable[[], datetime]

    memo_seconds: float = 1.0  # a list made is answered again for this long
    _memo: dict[tuple[UUID, StatusPurpose], tuple[float, PublishedList]] = field(
        default_factory=dict, init=False
    )

    async def __call__(self, lsp_id: UUID, purpose: StatusPurpose) -> PublishedList | None:
        """None when the LSP gave no index yet: it has no lists. A list made less than
        `memo_seconds` ago is answered again: a public endpoint asked hundreds of times a
        second makes (and signs) each list about once a second, and a change still shows
        within seconds. Only lists that exist are kept: one entry per LSP and purpose."""
        kept = self._memo.get((lsp_id, purpose))
        if kept is not None and time.monotonic() - kept[0] < self.memo_seconds:
            return kept[1]
        made = await self._made(lsp_id, purpose)
        if made is not None:
            self._memo[(lsp_id, purpose)] = (time.monotonic(), made)
        return made

    async def _made(self, lsp_id: UUID, purpose: StatusPurpose) -> PublishedList | None:
        highest = await self.entries.highest_index(lsp_id)
        if highest is None:
            return None
        encoded = encode(await self.entries.set_indices(lsp_id, purpose), list_bits(highest))
        made = window_start(self.clock())
        credential = documents.list_credential(self.public_url, lsp_id, purpose, encoded, made)
        digest = hashlib.sha256(f"{lsp_id}/{purpose.value}/{made.isoformat()}/{encoded}".encode())
        return PublishedList(
            self.signer.sign_credential(credential), f'"{digest.hexdigest()[:32]}"'
        )


def window_start(now: datetime) -> datetime:
    """The start of the refresh window `now` falls in: a list is dated by it, so the same bits
    within one window are the same bytes (Ed25519 is deterministic) and the same ETag, and a
    verifier revalidating after the window gets the list anew, with a later validUntil, rather
    than a 304 that would keep an expiring one."""
    step = int(documents.REFRESH.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // step * step, UTC)
