"""The holder's printed details (name as on the ID card, place and date of birth), opened
only when a certificate is shown, printed or verified, and each opening recorded (who, why).
They arrive sealed under the holder's own data key, whose only copy is in the installation's
key store: once registration erases the person, the key is gone and nothing opens them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

Blob = dict[str, Any]


class Purpose(StrEnum):
    VERIFICATION = "verification"  # the public page or JSON
    STAFF_VIEW = "staff_view"  # an LSP's staff reading one certificate
    PRINT = "print"
    REPORT = "report"  # the blanko request package for the national authority


class Readable(StrEnum):
    READABLE = "readable"
    ERASED = "erased"  # received, but the holder was erased: the key is gone
    UNAVAILABLE = "unavailable"  # the key store did not answer: try again later


@dataclass(frozen=True)
class Holder:
    readable: Readable
    full_name: str | None = None
    birth_place: str | None = None
    birth_date: str | None = None


class SealedHolders(Protocol):
    async def sealed(self, candidate_ids: Sequence[UUID]) -> dict[UUID, Blob]:
        """The sealed details received for each candidate (the latest), if any."""
        ...

    async def record_reads(
        self, candidate_ids: Sequence[UUID], purpose: Purpose, actor: UUID | None
    ) -> None: ...


class KeyStore(Protocol):
    async def open_many(self, items: list[tuple[UUID, Blob]]) -> list[dict[str, str] | None]:
        """Each blob opened with its person's key; None for a person erased. Raises
        KeyStoreUnavailable when the key store cannot be reached."""
        ...


class KeyStoreUnavailable(Exception):
    pass


@dataclass
class HolderDetails:
    holders: SealedHolders
    keys: KeyStore

    async def of(
        self, candidate_ids: Sequence[UUID], purpose: Purpose, actor: UUID | None = None
    ) -> dict[UUID, Holder]:
        """The details of those of `candidate_ids` received (others are absent)."""
        sealed = await self.holders.sealed(candidate_ids)
        if not sealed:
            return {}
        items = list(sealed.items())
        try:
            opened = await self.keys.open_many(items)
        except KeyStoreUnavailable:
            return {candidate: Holder(Readable.UNAVAILABLE) for candidate, _ in items}
        found: dict[UUID, Holder] = {}
        for (candidate, _), fields in zip(items, opened, strict=True):
            if fields is None:
                found[candidate] = Holder(Readable.ERASED)
                continue
            found[candidate] = Holder(
                Readable.READABLE,
                fields.get("full_name"),
                fields.get("birth_place"),
                fields.get("birth_date"),
            )
        read = [c for c, holder in found.items() if holder.readable is Readable.READABLE]
        if read:
            await self.holders.record_reads(read, purpose, actor)
        return found
