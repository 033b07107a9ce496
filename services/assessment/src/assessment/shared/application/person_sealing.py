"""Sealing assessment's own copies of a person's data (evidence files, appeal grounds) under a key
derived from the person's data key in registration's key store, so that the one erasure there
(the key deleted) makes them unreadable here too (DESIGN.md §7, crypto-shredding).

`seal` and `open` answer None when the person has no key (erased); both raise
eventkit.key_store.KeyStoreUnavailable when the key store does not answer (try again), and
`open` raises ValueError for sealed bytes that fail authentication (tampered, or another's).
`context` binds the sealed bytes to what they are (a file's SHA-256, an appeal's id): moved
elsewhere they do not open. `convergent`: the same plaintext and context give the same sealed
bytes (for content-addressed files, so a retried upload is the same object)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from uuid import UUID


class PersonSealing(Protocol):
    async def seal(
        self, subject: UUID, purpose: str, plaintext: bytes, context: str, convergent: bool = False
    ) -> bytes | None: ...

    async def open(
        self, subject: UUID, purpose: str, sealed: bytes, context: str
    ) -> bytes | None: ...


class ReadsLog(Protocol):
    """Where every staff reading of a person's data is recorded (`personal_data_reads`)."""

    async def record_reads(
        self, subject_ids: Sequence[UUID], purpose: str, actor: UUID | None, role: str | None
    ) -> None: ...
