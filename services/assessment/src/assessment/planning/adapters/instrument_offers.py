"""What an assessment plan may choose from: the instruments per unit of the LSP's latest
published bank version (the banks feature), for the session's scheme version."""

from __future__ import annotations

from uuid import UUID

from assessment.banks.application.published_banks import PublishedBanks
from assessment.planning.domain.assessment_plan import Offer
from kompeten_contracts.errors import conflict


class BankInstrumentOffers:
    def __init__(self, banks: PublishedBanks) -> None:
        self.banks = banks

    async def offer(
        self, lsp_id: UUID | None, scheme_code: str, scheme_version: int
    ) -> tuple[int, Offer]:
        bank = await self.banks.published(lsp_id, scheme_code)
        if bank.scheme_version != scheme_version:
            raise conflict(
                "scheme_version",
                f"bank soal terbit untuk versi skema {bank.scheme_version}",
                f"the published question bank is for scheme version {bank.scheme_version}",
            )
        offer = {u.unit_code: tuple(i.value for i in u.instruments) for u in bank.instruments}
        return bank.version, offer
