"""Who heads a test site, as the sites feature's stream says (for the AK.05 report's readers and
for who sees a session's candidates: planning.application.session_audience)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from assessment.sites.application.site_commands import SiteCommands


@dataclass
class SiteStreamHeads:
    sites: SiteCommands

    async def heads(self, site_id: UUID, lsp_id: UUID | None) -> tuple[UUID, ...]:
        return (await self.sites.site(site_id, lsp_id)).heads
