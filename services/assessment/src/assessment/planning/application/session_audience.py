"""Asking planning.domain.audience about a session: the site's heads are read (from the sites
feature's stream, never stale) only when the caller is a site head. `require_people` refuses a
view that is personal as a whole (403 naming `session_id`); views with something to show
besides (the roster) ask `sees_people` and leave the personal fields out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from assessment.planning.domain.audience import sees_people
from assessment.planning.domain.session import SessionScheduled
from kompeten_contracts.errors import forbidden
from kompeten_contracts.roles import Role


class SiteHeads(Protocol):
    async def heads(self, site_id: UUID, lsp_id: UUID | None) -> tuple[UUID, ...]:
        """The accounts heading the test site (none appointed: empty)."""
        ...


@dataclass(frozen=True)
class Viewer:
    account_id: UUID
    role: Role


@dataclass
class SessionAudience:
    site_heads: SiteHeads

    async def sees_people(self, plan: SessionScheduled, viewer: Viewer) -> bool:
        heads: tuple[UUID, ...] = ()
        if viewer.role is Role.TEST_SITE_HEAD:
            heads = await self.site_heads.heads(plan.site_id, plan.lsp_id)
        return sees_people(viewer.role, viewer.account_id, plan.assessor_ids, heads)

    async def require_people(self, plan: SessionScheduled, viewer: Viewer) -> None:
        if not await self.sees_people(plan, viewer):
            raise forbidden(
                "session_id",
                "data kandidat sesi ini hanya untuk asesornya, kepala TUK-nya dan admin LSP",
                "this session's candidates' data is for its assessors, its site's heads "
                "and the LSP's admins only",
            )
