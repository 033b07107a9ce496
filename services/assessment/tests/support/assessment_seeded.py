"""The seeded cashier and treasurer schemes as registration publishes them for an LSP, and
their seeded question banks published: what an assessment plan (MAPA) chooses from."""

from __future__ import annotations

from uuid import UUID

from bank_samples import scheme_version

from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal

KASIR = [f"M.649000.01{n}.01" for n in range(1, 5)]
BENDAHARA = [f"M.649000.02{n}.01" for n in range(1, 5)]


async def seeded_banks(service: AssessmentService, lsp_id: UUID) -> BankVersion:
    async with service.pool.acquire() as conn, conn.transaction():
        await service.schemes().add(conn, scheme_version("KOP-KASIR", lsp_id, KASIR))
        await service.schemes().add(conn, scheme_version("KOP-BENDAHARA", lsp_id, BENDAHARA))
    await seed_banks(service.banks(), service.schemes())

    async def published() -> BankVersion | None:
        try:
            return await service.published_banks().published(lsp_id, "KOP-KASIR")
        except Refusal:
            return None

    return await wait_until(published, what="the cashier bank published")
