"""Policy: when registration publishes a scheme version, keep its units (with their elements
and performance criteria): banks check their questions against them, plans list them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from kompeten_contracts.schemes import SchemeVersionPublishedV1


@dataclass(frozen=True)
class PublishedSchemeVersion:
    scheme_code: str
    version: int
    lsp_id: UUID | None  # the LSP whose scheme it is (None: published before LSPs were tenants)
    title: str
    # As the contract carries them: [{code, title, elements: [{code, title, criteria:
    # [{code, text}]}]}], in the scheme's order.
    units: list[dict[str, Any]]

    @property
    def unit_codes(self) -> list[str]:
        return [unit["code"] for unit in self.units]


class SchemeVersions(Protocol):
    """The published scheme versions assessment has received from registration."""

    async def add(self, tx: Any, version: PublishedSchemeVersion) -> None: ...

    async def get(self, scheme_code: str, version: int) -> PublishedSchemeVersion | None: ...

    async def latest(self, scheme_code: str) -> PublishedSchemeVersion | None: ...


async def when_scheme_version_published(
    versions: SchemeVersions, tx: Any, event: SchemeVersionPublishedV1
) -> None:
    units = [unit.model_dump(mode="json") for unit in event.units]
    await versions.add(
        tx,
        PublishedSchemeVersion(
            event.scheme_code, event.scheme_version, event.lsp_id, event.title, units
        ),
    )
