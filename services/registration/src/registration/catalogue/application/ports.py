"""What the catalogue offers the other features (published scheme versions, cooperatives) and
needs itself (legal numbers); adapters provide it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class ElementView:
    code: str
    title: str


@dataclass(frozen=True)
class UnitView:
    code: str
    title: str
    elements: tuple[ElementView, ...]


@dataclass(frozen=True)
class SchemeVersionView:
    """A published version of a certification scheme, as the application forms need it."""

    scheme_code: str
    version: int
    title: str
    units: tuple[UnitView, ...]
    occupational_groups: frozenset[str]
    lsp_id: UUID | None = None  # the certification body whose scheme it is


@dataclass(frozen=True)
class CooperativeView:
    cooperative_id: UUID
    name: str
    kind: str
    district_code: str
    province_code: str


class SchemeCatalogue(Protocol):
    async def published_version(self, scheme_code: str, version: int) -> SchemeVersionView | None:
        """None when the scheme has no such published version."""
        ...


class CooperativeDirectory(Protocol):
    async def get(self, cooperative_id: UUID) -> CooperativeView | None: ...


class LegalNumberIndex(Protocol):
    async def claim(self, tx: Any, legal_number: str, cooperative_id: UUID) -> UUID | None:
        """Reserve a cooperative's legal number (nomor badan hukum). Returns the cooperative
        that already holds it instead, when one does."""
        ...
