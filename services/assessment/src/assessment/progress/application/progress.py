"""The operators' progress: per session, per district and per scheme in a district, how many
attempts are scheduled, sat, finalised, recommended K and BK, and appealed. LSP staff see their
LSP's sessions only; a district operator sees every LSP's in the districts of their account.
A session they may not see is not found, never forbidden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from kompeten_contracts.errors import not_found


@dataclass(frozen=True)
class Counts:
    """Attempts, each counted once: scheduled (assigned, its session not cancelled); sat (its
    exam opened and answered, or the assessor's attendance present or late); finalised (scored);
    recommended K or BK; appealed."""

    scheduled: int
    sat: int
    finalised: int
    recommended_k: int
    recommended_bk: int
    appealed: int


@dataclass(frozen=True)
class SessionProgress:
    session_id: UUID
    lsp_id: UUID | None
    scheme_code: str
    district_code: str
    cancelled: bool
    counts: Counts


@dataclass(frozen=True)
class Viewer:
    """Whose records a reader sees: an LSP's (its staff), or some districts' (an operator)."""

    lsp_id: UUID | None
    districts: tuple[str, ...] | None = None  # None: LSP staff

    def sees(self, progress: SessionProgress) -> bool:
        if self.districts is not None:
            return progress.district_code in self.districts
        return progress.lsp_id == self.lsp_id


class ProgressQueries(Protocol):
    async def session(self, session_id: UUID) -> SessionProgress | None: ...

    async def districts(self, viewer: Viewer) -> list[tuple[str, Counts]]: ...

    async def schemes(self, district_code: str, viewer: Viewer) -> list[tuple[str, Counts]]: ...


@dataclass
class Progress:
    queries: ProgressQueries

    async def session(self, session_id: UUID, viewer: Viewer) -> SessionProgress:
        found = await self.queries.session(session_id)
        if found is None or not viewer.sees(found):
            raise not_found("session_id", "sesi tidak ditemukan", "no such session")
        return found

    async def districts(self, viewer: Viewer) -> list[tuple[str, Counts]]:
        return await self.queries.districts(viewer)

    async def schemes(self, district_code: str, viewer: Viewer) -> list[tuple[str, Counts]]:
        return await self.queries.schemes(district_code, viewer)
