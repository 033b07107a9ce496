"""Policy: when registration accepts an application, keep it among the applications awaiting
assessment planning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from kompeten_contracts.applications import ApplicationAcceptedV1


@dataclass(frozen=True)
class AcceptedApplication:
    application_id: UUID
    candidate_id: UUID
    scheme_code: str
    scheme_version: int
    occupational_group: str
    cooperative_id: UUID
    district_code: str
    adjustment_needs: list[str]
    accepted_at: datetime
    lsp_id: UUID | None = None  # the certification body that plans, assesses and decides it


class AcceptedApplications(Protocol):
    async def add(self, tx: Any, application: AcceptedApplication) -> None: ...

    async def get(self, application_id: UUID, lsp_id: UUID | None) -> AcceptedApplication | None:
        """The application, if it was made to this LSP (None: from before LSPs were tenants)."""
        ...

    async def in_district(
        self, district_code: str, limit: int, lsp_id: UUID | None
    ) -> list[AcceptedApplication]: ...


async def when_application_accepted(
    applications: AcceptedApplications, tx: Any, event: ApplicationAcceptedV1
) -> None:
    # The fields assessment keeps, by name: a field the contract gains is not kept unasked.
    kept = {name: getattr(event, name) for name in AcceptedApplication.__dataclass_fields__}
    await applications.add(tx, AcceptedApplication(**kept))
