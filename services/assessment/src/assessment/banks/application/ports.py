"""What the banks feature needs from outside: the uploaded file read into rows, the published
scheme versions (intake's copy of registration's catalogue) and the banks' read model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from assessment.banks.domain.bank_file import Rows
from assessment.banks.domain.bank_items import Criterion, SchemeUnit
from assessment.banks.domain.bank_version import BankVersion
from assessment.intake.application.scheme_version_published import PublishedSchemeVersion

ReadTable = Callable[[bytes], Rows]  # raises a Refusal naming `file` or a missing column


@dataclass(frozen=True)
class BankSummary:
    scheme_code: str
    published_version: int | None
    published_at: datetime | None
    draft_version: int | None
    draft_scheme_version: int | None
    draft_items: int | None
    changed_at: datetime


class BankCatalogue(Protocol):
    async def version(
        self, lsp_id: UUID, scheme_code: str, version: int | None
    ) -> BankVersion | None:
        """A published version (None: the latest) of the LSP's bank for the scheme."""
        ...

    async def banks(self, lsp_id: UUID) -> list[BankSummary]: ...


def scheme_units(scheme: PublishedSchemeVersion) -> tuple[SchemeUnit, ...]:
    return tuple(
        SchemeUnit(
            code=unit["code"],
            title=unit["title"],
            criteria=tuple(
                Criterion(code=criterion["code"], element=element["title"], text=criterion["text"])
                for element in unit["elements"]
                for criterion in element["criteria"]
            ),
        )
        for unit in scheme.units
    )
