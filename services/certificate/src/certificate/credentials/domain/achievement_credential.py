"""A certificate as a W3C Verifiable Credential (Data Model 2.0) and an Open Badges 3.0
OpenBadgeCredential (AchievementCredential): the LSP as issuer, the scheme as the Achievement,
its units as `alignment` entries (code and title), the holder by name (an IdentityObject of
type name, not hashed: what the paper says), validity from the first day to the end of the
last day (WIB), and credentialStatus pointing at the certificate's index in the LSP's two
status lists. Nothing else about the holder: no NIK, no birth data, no contact data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from uuid import UUID

from certificate.status_lists.domain.documents import (
    VC_CONTEXT,
    issuer_id,
    status_entries,
    utc_timestamp,
)

OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
WIB = timezone(timedelta(hours=7), "WIB")


@dataclass(frozen=True)
class CredentialFacts:
    certificate_id: UUID
    number: str
    lsp_id: UUID
    lsp_name: str | None  # from the LSP's print profile, when it has one
    scheme_code: str
    scheme_version: int
    scheme_title: str | None  # None: the scheme version not received
    units: tuple[tuple[str, str | None], ...]  # (code, title)
    issued_on: date
    valid_until: date
    status_index: int | None
    holder_name: str | None  # None: not received, or erased at the holder's request


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), WIB)


def unit_urn(code: str) -> str:
    return f"urn:kompeten:unit:{code}"


def achievement(facts: CredentialFacts) -> dict[str, Any]:
    title = facts.scheme_title or facts.scheme_code
    return {
        "id": f"urn:kompeten:scheme:{facts.scheme_code}:{facts.scheme_version}",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "humanCode": facts.scheme_code,
        "name": title,
        "description": f"Skema sertifikasi {title} ({facts.scheme_code}, versi "
        f"{facts.scheme_version}) / certification scheme {title}",
        "criteria": {
            "narrative": "Dinyatakan kompeten (K) pada setiap unit kompetensi skema ini oleh "
            "keputusan sertifikasi LSP / decided competent (K) on every unit of this scheme "
            "by the LSP's certification decision"
        },
        "inLanguage": "id",
        "alignment": [
            {"type": ["Alignment"], "targetName": unit_title or code, "targetCode": code,
             "targetType": "ext:SKKNIUnit", "targetUrl": unit_urn(code)}
            for code, unit_title in facts.units
        ],
    }  # fmt: skip


def credential(facts: CredentialFacts, public_url: str) -> dict[str, Any]:
    issuer: dict[str, Any] = {"id": issuer_id(facts.lsp_id), "type": ["Profile"]}
    if facts.lsp_name:
        issuer["name"] = facts.lsp_name
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": achievement(facts)}
    if facts.holder_name:
        subject["identifier"] = [{"type": "IdentityObject", "identityType": "name",
                                  "hashed": False, "identityHash": facts.holder_name}]  # fmt: skip
    found: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{facts.certificate_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "name": facts.scheme_title or facts.scheme_code,
        "description": f"Sertifikat kompetensi nomor {facts.number} / competency certificate "
        f"number {facts.number}",
        "awardedDate": utc_timestamp(_start_of(facts.issued_on)),
        "validFrom": utc_timestamp(_start_of(facts.issued_on)),
        "validUntil": utc_timestamp(_start_of(facts.valid_until + timedelta(days=1))),
        "credentialSubject": subject,
    }
    if facts.status_index is not None:
        found["credentialStatus"] = status_entries(public_url, facts.lsp_id, facts.status_index)
    return found
