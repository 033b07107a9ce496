"""A certificate exported as a verifiable credential (VC-JOSE, Open Badges 3.0), for its holder
or an admin of its LSP: loaded from its stream, the scheme's titles from the scheme versions
received, the LSP's name from its print profile, the holder's name opened from the sealed copy
(the reading recorded, purpose `credential`) and signed with the current key. Anyone else, and
a certificate that does not exist, get the same 404; before the holder signs the agreement
the certificate is not released and no credential is made (409 naming `status`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from certificate.agreements.domain.agreement import no_such_certificate
from certificate.credentials.domain.achievement_credential import CredentialFacts, credential
from certificate.holders.application.holder_details import HolderDetails, Purpose
from certificate.printing.domain.print_profile import PrintProfileSet
from certificate.schemes.application.scheme_version_published import PublishedSchemeVersion
from certificate.shared.application.repositories import Certificates
from kompeten_contracts.errors import conflict

NO_LSP = UUID(int=0)  # as the status lists name certificates issued before LSPs were tenants


class SchemeVersions(Protocol):
    async def get_many(
        self, keys: set[tuple[str, int]]
    ) -> dict[tuple[str, int], PublishedSchemeVersion]: ...


class PrintProfiles(Protocol):
    async def current(self, lsp_id: UUID | None) -> PrintProfileSet | None: ...


class CredentialSigner(Protocol):
    def sign_credential(self, credential: Mapping[str, Any]) -> str: ...


@dataclass(frozen=True)
class Viewer:
    """Who asks: a candidate (their candidate_id) or an LSP admin (their lsp_id); the account
    is recorded with the reading of the name."""

    account_id: UUID
    is_candidate: bool
    candidate_id: UUID | None = None
    lsp_id: UUID | None = None

    def may_see(self, candidate_id: UUID, lsp_id: UUID | None) -> bool:
        if self.is_candidate:
            return self.candidate_id is not None and self.candidate_id == candidate_id
        return self.lsp_id == lsp_id


@dataclass
class ExportCredential:
    certificates: Certificates
    holders: HolderDetails
    schemes: SchemeVersions
    profiles: PrintProfiles
    signer: CredentialSigner
    public_url: str

    async def __call__(self, certificate_id: UUID, viewer: Viewer) -> str:
        state = (await self.certificates.load(certificate_id)).state
        issued = state.issued
        if issued is None or not viewer.may_see(issued.candidate_id, issued.lsp_id):
            raise no_such_certificate()
        if state.agreement is None:
            raise conflict("status", "sertifikat belum dirilis: pemegang belum menandatangani "
                           "persetujuan", "not released yet: the holder has not signed the "
                           "agreement")  # fmt: skip
        key = (issued.scheme_code, issued.scheme_version)
        scheme = (await self.schemes.get_many({key})).get(key)
        profile = await self.profiles.current(issued.lsp_id)
        holders = await self.holders.of([issued.candidate_id], Purpose.CREDENTIAL,
                                        viewer.account_id)  # fmt: skip
        holder = holders.get(issued.candidate_id)
        facts = CredentialFacts(
            certificate_id=issued.certificate_id, number=issued.number,
            lsp_id=issued.lsp_id or NO_LSP, lsp_name=profile.lsp_name if profile else None,
            scheme_code=issued.scheme_code, scheme_version=issued.scheme_version,
            scheme_title=scheme.title if scheme else None,
            units=tuple((u.unit_code, scheme.unit_title(u.unit_code) if scheme else None)
                        for u in issued.units),
            issued_on=issued.issued_on, valid_until=issued.valid_until,
            status_index=issued.status_index,
            holder_name=holder.full_name if holder else None,
        )  # fmt: skip
        return self.signer.sign_credential(credential(facts, self.public_url))
