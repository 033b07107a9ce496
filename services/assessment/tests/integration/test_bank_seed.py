"""The seeded banks on the real stack: `python -m assessment.banks.seed`'s work publishes the
cashier and treasurer banks for the LSP that owns each scheme, and a second run changes
nothing."""

from __future__ import annotations

from uuid import uuid4

import pytest
from bank_samples import scheme_version

from assessment.banks.domain.bank_items import ItemKind
from assessment.banks.domain.bank_version import BankVersion
from assessment.banks.domain.draw import draw
from assessment.banks.seed import seed_banks
from assessment.bootstrap import AssessmentService
from eventkit.settings import load_settings
from eventkit.testing.infra import TEST_DATABASE, fresh_schema
from eventkit.testing.waiting import wait_until
from kompeten_contracts.errors import Refusal

pytestmark = pytest.mark.integration
KASIR = [f"M.649000.01{n}.01" for n in range(1, 5)]
BENDAHARA = [f"M.649000.02{n}.01" for n in range(1, 5)]


async def test_the_seed_publishes_each_bank_for_its_schemes_lsp_once() -> None:
    first_lsp, second_lsp = uuid4(), uuid4()
    async with fresh_schema("ass") as schema:
        service = AssessmentService(load_settings(), schema=schema, database=TEST_DATABASE,
                                    run_relay=False)  # fmt: skip
        await service.start()
        try:
            async with service.pool.acquire() as conn, conn.transaction():
                await service.schemes().add(conn, scheme_version("KOP-KASIR", first_lsp, KASIR))
                await service.schemes().add(
                    conn, scheme_version("KOP-BENDAHARA", second_lsp, BENDAHARA)
                )
            seeded = await seed_banks(service.banks(), service.schemes())
            assert [(s.scheme_code, s.lsp_id, s.version) for s in seeded] == [
                ("KOP-KASIR", first_lsp, 1), ("KOP-BENDAHARA", second_lsp, 1)
            ]  # fmt: skip
            again = await seed_banks(service.banks(), service.schemes())
            assert [s.version for s in again] == [None, None]

            banks = service.published_banks()

            async def treasurer_bank() -> BankVersion | None:
                try:
                    return await banks.published(second_lsp, "KOP-BENDAHARA")
                except Refusal:
                    return None

            bank = await wait_until(treasurer_bank, what="the treasurer bank in the read model")
            assert bank.unit_codes == BENDAHARA and len(draw(bank, 10, "seed")) == 40
            interview = bank.interview("bendahara")
            assert len(interview) >= 8 and all(q.kind is ItemKind.INTERVIEW for q in interview)
            assert "bendahara" in interview[0].text
        finally:
            await service.stop()
