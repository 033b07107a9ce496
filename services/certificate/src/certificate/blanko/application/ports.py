"""What the blanko import needs from outside: the file's rows, the LSP's certificates by
number, and the claims that keep one blanko number on one certificate of the LSP."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from uuid import UUID

from certificate.blanko.domain.blanko_rows import BlankoRow


class BlankoTable(Protocol):
    def __call__(self, content: bytes) -> list[BlankoRow]:
        """The rows of an XLSX file; a file that cannot be read at all is refused (`file`)."""
        ...


class CertificateNumbers(Protocol):
    async def ids_of(self, lsp_id: UUID | None, numbers: Sequence[str]) -> dict[str, UUID]: ...


class BlankoClaims(Protocol):
    async def holders(self, lsp_id: UUID | None, blankos: Sequence[str]) -> dict[str, UUID]:
        """The certificate each of these blanko numbers is attached to, where one is."""
        ...

    async def claim(
        self, tx: Any, lsp_id: UUID | None, pairs: Sequence[tuple[str, UUID]]
    ) -> list[str]:
        """Claim each blanko number for its certificate in `tx`; the numbers another
        certificate holds (claimed meanwhile): nothing should then be recorded."""
        ...
