"""Public events of certificate (topic kompeten.certificate.events): the LSP's certification
decisions and the life of each certificate. Nothing personal: no name, no NIK; the holder
appears only by registration's opaque candidate id, staff by their opaque account ids."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from kompeten_contracts.assessment import OutcomeV1
from kompeten_contracts.base import PublicEvent


class CertificationDecidedV1(PublicEvent):
    """The LSP decided on an assessor's recommendation (keputusan sertifikasi): K (a
    certificate follows, CertificateIssued) or BK. Taken by a panel of decision makers none of
    whom assessed the candidate."""

    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificationDecided"
    version: ClassVar[int] = 1

    attempt_id: UUID = Field(description="The assessment attempt decided on")
    candidate_id: UUID = Field(description="Opaque id of the candidate, as registration's")
    lsp_id: UUID | None = Field(description="The LSP that decided")
    scheme_code: str
    scheme_version: int = Field(ge=1)
    session_id: UUID = Field(description="The assessment session (cohort)")
    outcome: OutcomeV1 = Field(description="K (competent) or BK (not yet competent)")
    panel_ids: list[UUID] = Field(min_length=1, description="The decision makers' account ids")
    decided_at: datetime


class CertificateIssuedV1(PublicEvent):
    """A certificate was issued (numbered and signed) for a decision K, or as the correction of
    another (`replaces`). It is released to its holder once they sign the agreement
    (CertificateReleased)."""

    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateIssued"
    version: ClassVar[int] = 1

    certificate_id: UUID
    number: str = Field(description="The certificate number, unique per LSP")
    candidate_id: UUID = Field(description="Opaque id of the holder, as registration's")
    attempt_id: UUID = Field(description="The assessment attempt it certifies")
    lsp_id: UUID | None = Field(description="The issuing LSP")
    scheme_code: str
    scheme_version: int = Field(ge=1)
    unit_codes: list[str] = Field(min_length=1, description="The units certified (SKKNI codes)")
    issued_on: date = Field(description="First day of validity (WIB)")
    valid_until: date = Field(description="Last day of validity (WIB)")
    replaces: UUID | None = Field(default=None, description="The certificate this one corrects")


class CertificateChangeV1(PublicEvent):
    """What every change of a certificate's status says: which, whose, by whom, when."""

    certificate_id: UUID
    candidate_id: UUID = Field(description="Opaque id of the holder")
    lsp_id: UUID | None
    actor_id: UUID | None = Field(description="The staff account that acted; null: the service")
    actor_role: str = Field(description="lsp_admin, candidate or system")
    at: datetime


class CertificateReleasedV1(CertificateChangeV1):
    """The holder signed the agreement on how the certificate may be used: it is valid from
    now on (verification shows it valid, it may be printed)."""

    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateReleased"
    version: ClassVar[int] = 1

    agreement_version: str = Field(description="The version of the agreement text signed")


class CertificateSuspendedV1(CertificateChangeV1):
    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateSuspended"
    version: ClassVar[int] = 1

    reason: str = Field(description="Reason code")


class CertificateReinstatedV1(CertificateChangeV1):
    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateReinstated"
    version: ClassVar[int] = 1

    reason: str = Field(description="Reason code")


class CertificateWithdrawnV1(CertificateChangeV1):
    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateWithdrawn"
    version: ClassVar[int] = 1

    reason: str = Field(description="Reason code")


class CertificateReplacedV1(CertificateChangeV1):
    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateReplaced"
    version: ClassVar[int] = 1

    reason: str = Field(description="Reason code")
    replaced_by: UUID = Field(description="The corrected certificate (CertificateIssued)")
    replacement_number: str


class CertificateDuplicateIssuedV1(CertificateChangeV1):
    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateDuplicateIssued"
    version: ClassVar[int] = 1

    reason: str = Field(description="Reason code: lost or damaged")
    copy_id: UUID
    copy_no: int = Field(ge=2, description="2 for the first duplicate, and so on")


class CertificateExpiredV1(CertificateChangeV1):
    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateExpired"
    version: ClassVar[int] = 1

    valid_until: date = Field(description="Its last day of validity")


class CertificateBlankoNumberAttachedV1(CertificateChangeV1):
    """The national authority's registration (blanko) number was attached to the certificate,
    from the authority's file the LSP imported: once per certificate."""

    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateBlankoNumberAttached"
    version: ClassVar[int] = 1

    number: str | None = Field(
        description="The certificate's number (as in CertificateIssued); null only for "
        "attachments recorded before it was carried"
    )
    blanko_number: str = Field(description="The national authority's registration number")


class CertificateCollectedV1(CertificateChangeV1):
    """The LSP recorded that the holder collected the printed paper: once per paper copy."""

    service: ClassVar[str] = "certificate"
    name: ClassVar[str] = "CertificateCollected"
    version: ClassVar[int] = 1

    copy_no: int = Field(ge=1, description="The paper collected: 1 the first, 2 a duplicate...")
    collected_on: date = Field(description="The day the holder collected it (WIB)")
