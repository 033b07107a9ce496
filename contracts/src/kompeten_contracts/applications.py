"""Public events about applications for certification (topic kompeten.registration.events)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from kompeten_contracts.base import PublicEvent


class ApplicationAcceptedV1(PublicEvent):
    """The LSP verified an application (APL-01 + APL-02) and accepted it: the candidate now
    awaits assessment planning. Carries what planning needs and nothing personal: the
    candidate appears only by the opaque candidate_id."""

    service: ClassVar[str] = "registration"
    name: ClassVar[str] = "ApplicationAccepted"
    version: ClassVar[int] = 1

    application_id: UUID = Field(description="Opaque id of the application")
    candidate_id: UUID = Field(description="Opaque, unguessable id of the candidate")
    scheme_code: str = Field(description="Code of the certification scheme applied for")
    scheme_version: int = Field(ge=1, description="Published version of the scheme")
    occupational_group: str = Field(description="Occupational group, e.g. kasir, bendahara")
    cooperative_id: UUID = Field(description="Cooperative the candidate works for")
    district_code: str = Field(
        pattern=r"^\d{4}$", description="Kemendagri code of the cooperative's district"
    )
    adjustment_needs: list[str] = Field(
        default_factory=list,
        description="Reasonable-adjustment needs as codes: vision, hearing, mobility, "
        "reading_writing, language, other",
    )
    accepted_at: datetime
    lsp_id: UUID | None = Field(
        default=None,
        description="The certification body (LSP) the application was made to, whose scheme "
        "it is and who decides on it: opaque id; absent on applications accepted before "
        "LSPs were tenants",
    )
