"""The published bank versions, as planning and exams ask for them: a version (or the
latest) of an LSP's bank for a scheme, with its questions, correct options included (for the
server's draw and scoring only), and its instruments per unit."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.banks.application.ports import BankCatalogue, BankSummary
from assessment.banks.domain.bank_version import BankVersion
from kompeten_contracts.errors import not_found


@dataclass(frozen=True)
class PublishedBanks:
    catalogue: BankCatalogue

    async def published(
        self, lsp_id: UUID | None, scheme_code: str, version: int | None = None
    ) -> BankVersion:
        """Raises a 404 refusal (field `version`) when there is no such published version of
        this LSP's bank: another LSP's bank is answered as one that does not exist."""
        found = (
            None if lsp_id is None else await self.catalogue.version(lsp_id, scheme_code, version)
        )
        if found is None:
            raise not_found("version", "versi bank soal terbit tidak ditemukan",
                            "no such published question bank version")  # fmt: skip
        return found

    async def banks(self, lsp_id: UUID | None) -> list[BankSummary]:
        return [] if lsp_id is None else await self.catalogue.banks(lsp_id)
