"""Importing and publishing banks on in-memory adapters: a dry run and a bad file record
nothing, another LSP's scheme is answered as one that does not exist, a publish fixes the
draft as the next version."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from bank_samples import UNIT_CODES, bank_rows, scheme_version

from assessment.banks.adapters.bank_table import read_bank_table
from assessment.banks.application.bank_commands import BankCommands, BankUpload
from assessment.banks.domain.bank_file import BankFileRefused
from assessment.banks.domain.question_bank import BankVersionPublished
from assessment.banks.seed.workbook import workbook
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion
from eventkit.store import InMemoryEventStore
from kompeten_contracts.errors import Kind, Refusal

LSP, ADMIN = uuid4(), uuid4()


class Schemes:
    def __init__(self, *versions: PublishedSchemeVersion) -> None:
        self.versions = {(v.scheme_code, v.version): v for v in versions}

    async def add(self, tx: Any, version: PublishedSchemeVersion) -> None:
        self.versions[(version.scheme_code, version.version)] = version

    async def get(self, scheme_code: str, version: int) -> PublishedSchemeVersion | None:
        return self.versions.get((scheme_code, version))

    async def latest(self, scheme_code: str) -> PublishedSchemeVersion | None:
        found = [v for (code, _), v in sorted(self.versions.items()) if code == scheme_code]
        return found[-1] if found else None


@pytest.fixture
def commands() -> BankCommands:
    schemes = Schemes(scheme_version("KOP-KASIR", LSP), scheme_version("KOP-LAIN", uuid4()))
    return BankCommands(InMemoryEventStore(), schemes, read_bank_table)


def upload(rows: list[dict[str, str]], lsp: UUID | None = LSP, **kw: Any) -> BankUpload:
    return BankUpload(lsp, kw.pop("scheme_code", "KOP-KASIR"), workbook(rows), ADMIN, **kw)


async def test_a_dry_run_reports_and_records_nothing(commands: BankCommands) -> None:
    report = await commands.import_file(upload(bank_rows(), dry_run=True))
    assert (report.draft_version, report.items, report.scheme_version) == (None, 68, 1)
    assert report.units[0].unit_code == UNIT_CODES[0]
    assert report.units[0].counts["pilihan_ganda"] == 12
    assert (await commands.banks.load((LSP, "KOP-KASIR"))).version == 0


async def test_a_file_with_a_bad_row_records_nothing(commands: BankCommands) -> None:
    rows = bank_rows()
    rows[1] |= {"unit": "M.000"}
    with pytest.raises(BankFileRefused) as refused:
        await commands.import_file(upload(rows))
    assert [(p.row, p.column) for p in refused.value.rows] == [(3, "unit")]
    assert (await commands.banks.load((LSP, "KOP-KASIR"))).version == 0


async def test_import_then_publish_makes_version_one_and_a_retry_of_the_file_is_nothing(
    commands: BankCommands,
) -> None:
    assert (await commands.import_file(upload(bank_rows()))).draft_version == 1
    assert (await commands.import_file(upload(bank_rows()))).draft_version == 1
    assert (await commands.banks.load((LSP, "KOP-KASIR"))).version == 1
    assert await commands.publish(LSP, "KOP-KASIR", ADMIN, per_unit=12) == 1
    loaded = await commands.banks.load((LSP, "KOP-KASIR"))
    published = loaded.events[-1]
    assert isinstance(published, BankVersionPublished) and published.actor == ADMIN
    assert await commands.published_content(LSP, "KOP-KASIR") == published.content


async def test_another_lsps_scheme_and_a_bank_never_imported_are_not_found(
    commands: BankCommands,
) -> None:
    with pytest.raises(Refusal) as other:
        await commands.import_file(upload(bank_rows(), scheme_code="KOP-LAIN"))
    assert (other.value.kind, other.value.field) == (Kind.NOT_FOUND, "scheme_code")
    with pytest.raises(Refusal) as never:
        await commands.publish(LSP, "KOP-LAIN", ADMIN)
    assert never.value.kind is Kind.NOT_FOUND
    with pytest.raises(Refusal) as no_lsp:
        await commands.import_file(upload(bank_rows(), lsp=None))
    assert (no_lsp.value.kind, no_lsp.value.field) == (Kind.INVALID, "lsp")
