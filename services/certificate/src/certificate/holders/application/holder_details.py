"""The holder's printed details (name as on the ID card, place and date of birth), opened
only when a certificate is shown, printed or verified, and each opening recorded (who, why).
They arrive sealed under the holder's own data key, whose only copy is in the installation's
key store: once registration erases the person, the key is gone and nothing opens them. The
keeping, opening and recording are eventkit.sealed_copies' (assessment's roster shares them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from eventkit.pii import Blob
from eventkit.sealed_copies import Opened, Readable, SealedPersonalData

__all__ = ["Holder", "HolderDetails", "Purpose", "Readable"]


class Purpose(StrEnum):
    VERIFICATION = "verification"  # the public page or JSON
    STAFF_VIEW = "staff_view"  # an LSP's staff reading one certificate
    PRINT = "print"
    REPORT = "report"  # the blanko request package for the national authority
    CREDENTIAL = "credential"  # the certificate exported as a verifiable credential


@dataclass(frozen=True)
class Holder:
    readable: Readable
    full_name: str | None = None
    birth_place: str | None = None
    birth_date: str | None = None


@dataclass
class HolderDetails:
    sealed: SealedPersonalData

    async def of(
        self, candidate_ids: Sequence[UUID], purpose: Purpose, actor: UUID | None = None
    ) -> dict[UUID, Holder]:
        """The details of those of `candidate_ids` received (others are absent)."""
        return _holders(await self.sealed.open(candidate_ids, purpose.value, actor))

    async def of_sealed(self, sealed: Mapping[UUID, Blob], purpose: Purpose) -> dict[UUID, Holder]:
        """As `of`, for sealed copies read already (with the row being answered)."""
        return _holders(await self.sealed.open_sealed(sealed, purpose.value))


def _holders(opened: Mapping[UUID, Opened]) -> dict[UUID, Holder]:
    return {
        candidate: Holder(found.readable, found.fields.get("full_name"),
                          found.fields.get("birth_place"), found.fields.get("birth_date"))
        for candidate, found in opened.items()
    }  # fmt: skip
