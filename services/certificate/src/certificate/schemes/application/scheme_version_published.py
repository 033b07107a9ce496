"""Policy: when registration publishes a scheme version, keep what a certificate prints of it:
the scheme's title and its units' codes and titles, in the scheme's order (the recommendation
names the units by code only)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from kompeten_contracts.schemes import SchemeVersionPublishedV1


@dataclass(frozen=True)
class PublishedSchemeVersion:
    scheme_code: str
    version: int
    lsp_id: UUID | None
    title: str
    units: tuple[tuple[str, str], ...]  # (code, title)

    def unit_title(self, code: str) -> str | None:
        return self._titles.get(code)

    @functools.cached_property
    def _titles(self) -> dict[str, str]:
        """Looked up for every unit of every page of a print batch."""
        return dict(reversed(self.units))  # the first of a code, as a scan finds it


class SchemeVersions(Protocol):
    async def add(self, tx: Any, version: PublishedSchemeVersion) -> None: ...

    async def get_many(
        self, keys: set[tuple[str, int]]
    ) -> dict[tuple[str, int], PublishedSchemeVersion]: ...


async def when_scheme_version_published(
    versions: SchemeVersions, tx: Any, event: SchemeVersionPublishedV1
) -> None:
    units = tuple((unit.code, unit.title) for unit in event.units)
    await versions.add(tx, PublishedSchemeVersion(
        event.scheme_code, event.scheme_version, event.lsp_id, event.title, units
    ))  # fmt: skip
